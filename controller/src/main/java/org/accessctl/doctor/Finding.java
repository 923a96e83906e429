package org.accessctl.doctor;

/**
 * One check's outcome, printed as one line: {@code ok} or {@code FAIL}, what was checked, what was
 * found, and for a failure what to do about it.
 */
record Finding(boolean ok, String what, String found, String fix) {

    static Finding ok(String what, String found) {
        return new Finding(true, what, found, null);
    }

    static Finding fail(String what, String found, String fix) {
        return new Finding(false, what, found, fix);
    }

    String line() {
        return (ok ? "ok    " : "FAIL  ") + what + ": " + found + (fix == null ? "" : " -- to fix: " + fix);
    }
}
