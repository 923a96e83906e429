/**
 * Events in plain sentences, for the people who follow a door with watch or read its panel.
 */
package org.accessctl.words;
