package org.accessctl.cli;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.accessctl.command.RecordSigner;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.Topics;

/**
 * What {@code person} and {@code visit} share: the site's broker and topics from the controller
 * configuration ({@code --config}), and the signer from {@code --key} and {@code --kid}.
 */
final class RecordTool {

    final Topics topics;
    final MqttSettings broker;

    private RecordTool(Topics topics, MqttSettings broker) {
        this.topics = topics;
        this.broker = broker;
    }

    static RecordTool from(Options options, Properties system) throws UsageException {
        ControllerConfig config;
        try {
            config = ConfigLoader.load(Path.of(options.require("config")), system, Profile.DAEMON);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return new RecordTool(new Topics(config.mqttTopicPrefix(), config.siteId(), config.doorId()),
                OperatorBroker.settings(config));
    }

    /** The signer from {@code --key FILE} (PKCS#8 PEM, owner-only) and {@code --kid ID}. */
    static RecordSigner signer(Options options) throws UsageException {
        PrivateKey key = OperatorKeyFile.read(Path.of(options.require("key")));
        return new RecordSigner(key, options.require("kid"));
    }

    /** A comma (or space) separated list; empty for none. */
    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isBlank()) {
                out.add(item.strip());
            }
        }
        return out;
    }

    static boolean bool(String name, String text) throws UsageException {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new UsageException("--" + name + " must be true or false, not " + text);
        };
    }
}
