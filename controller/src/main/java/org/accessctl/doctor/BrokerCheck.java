package org.accessctl.doctor;

import java.util.List;
import java.util.Optional;
import org.accessctl.config.ControllerConfig;
import org.accessctl.mqtt.BrokerProbe;
import org.accessctl.mqtt.MqttSettings;

/** The broker: reachable, and accepting the door's credentials and TLS settings. */
final class BrokerCheck {

    List<Finding> check(ControllerConfig c) {
        Optional<String> url = c.mqttUrl();
        if (url.isEmpty()) {
            return List.of(Finding.fail("broker", "no mqtt.url", "set mqtt.url in the configuration"));
        }
        String what = "broker " + url.get();
        MqttSettings settings;
        try {
            settings = MqttSettings.from(c, url.get(), "door-" + c.siteId() + "-" + c.doorId() + "-doctor");
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return List.of(Finding.fail(what, e.getMessage(), "fix the mqtt.* file named above"));
        }
        Optional<String> failure = BrokerProbe.connect(settings);
        String how = (settings.socketFactory() != null ? "TLS" : "plain TCP")
                + (settings.username() != null ? ", user " + settings.username() : ", no user name");
        if (failure.isEmpty()) {
            return List.of(Finding.ok(what, "connected and accepted (" + how + ")"));
        }
        return List.of(Finding.fail(what, "not accepted (" + how + "): " + failure.get(),
                "check that the broker runs and the Pi reaches it (nc -vz HOST PORT), then mqtt.username,"
                        + " mqtt.passwordFile and mqtt.tls.* (docs/configuration.md); the door works offline meanwhile"));
    }
}
