package org.accessctl.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.accessctl.core.AntiPassback;
import org.accessctl.serial.BadgeFormat;

/** The kinds of value the schema is made of. Each says in words what it accepts. */
final class ValueTypes {

    /** Standard UART rates a badge reader may be set to; RFID readers ship at 9600. */
    static final List<Integer> BAUD_RATES = List.of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200);

    static final int MQTT_TCP_DEFAULT_PORT = 1883;
    static final int MQTT_SSL_DEFAULT_PORT = 8883;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9-]{1,64}");
    // At most nine digits: anything longer is out of every range here and would overflow an int.
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern URL_USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

    private ValueTypes() {
    }

    /** A whole number in a closed range; {@code what} names the unit: "a whole number of seconds". */
    static ValueType<Integer> wholeNumber(String what, int min, int max) {
        return kind(what + " from " + min + " to " + max, text -> {
            if (!WHOLE_NUMBER.matcher(text).matches()) {
                throw new InvalidValue();
            }
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new InvalidValue();
            }
            return value;
        });
    }

    /** {@code true} or {@code false}, exactly: "yes", "1" or "TRUE" are more likely slips than intent. */
    static ValueType<Boolean> bool() {
        return choice(List.of("true", "false"), Boolean::valueOf, String::valueOf);
    }

    /** {@code off}, {@code soft} or {@code hard}: what a staff badge read at the entry while inside does. */
    static ValueType<AntiPassback> antiPassback() {
        List<String> words = Arrays.stream(AntiPassback.values())
                .map(AntiPassback::code).toList();
        return choice(words, AntiPassback::fromCode, AntiPassback::code);
    }

    /** One word from a fixed list, compared exactly. */
    static ValueType<String> oneOf(String... words) {
        return choice(List.of(words), Function.identity(), Function.identity());
    }

    static ValueType<BadgeFormat> badgeFormat() {
        List<String> names = Arrays.stream(BadgeFormat.values()).map(BadgeFormat::configName).toList();
        return choice(names, BadgeFormat::fromConfig, BadgeFormat::configName);
    }

    private static <T> ValueType<T> choice(List<String> words, Function<String, T> toValue,
                                           Function<T, String> toText) {
        return new Kind<>(wordList(words), text -> {
            if (!words.contains(text)) {
                throw new InvalidValue();
            }
            return toValue.apply(text);
        }, toText, UnaryOperator.identity());
    }

    static ValueType<Integer> baudRate() {
        return kind("a standard baud rate: " + wordList(BAUD_RATES.stream().map(String::valueOf).toList()), text -> {
            for (int rate : BAUD_RATES) {
                if (String.valueOf(rate).equals(text)) {
                    return rate;
                }
            }
            throw new InvalidValue();
        });
    }

    /** A site or door name; it becomes a topic level and an event field, so it is kept plain. */
    static ValueType<String> identifier() {
        return textUnless("1 to 64 lower-case letters, digits or '-'", text -> !IDENTIFIER.matcher(text).matches(),
                null);
    }

    /**
     * One MQTT topic level. '/' would add levels and '+' '#' are wildcards, so any of them would
     * make the controller publish or subscribe somewhere other than intended; brokers treat topics
     * starting with '$' as their own and wildcard subscribers never see them.
     */
    static ValueType<String> topicLevel() {
        return textUnless("a single MQTT topic level: no '/', '+', '#' or NUL, not starting with '$'",
                text -> text.startsWith("$") || text.chars().anyMatch(c -> c == '/' || c == '+' || c == '#' || c == 0),
                null);
    }

    /** Free text such as a user name; control characters are refused as they are never intended. */
    static ValueType<String> text(String expected) {
        return textUnless(expected, text -> text.chars().anyMatch(Character::isISOControl),
                "contains control characters");
    }

    /** A serial device. Not checked for existence: the simulator creates its devices after loading. */
    static ValueType<String> serialDevice() {
        return textUnless("a serial device such as /dev/serial0 or /dev/ttyUSB0",
                text -> text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)),
                "contains white space");
    }

    /**
     * A file the program creates if missing (the database). It may not exist yet, so only what
     * can be known now is checked: that it is a path, and not an existing directory.
     */
    static ValueType<Path> creatableFile() {
        return kind("the path of a file (created if missing)", text -> {
            Path path = toPath(text);
            if (Files.isDirectory(path)) {
                throw new InvalidValue("is a directory");
            }
            return path;
        });
    }

    /**
     * A file that must be there when the program starts: checked now, so a missing certificate is
     * a message at start rather than a failed TLS handshake minutes later. Only the file's metadata
     * is looked at; its contents (a password, a private key) are never read here.
     */
    static ValueType<Path> readableFile() {
        return kind("the path of a readable regular file", text -> {
            Path path = toPath(text);
            if (!Files.exists(path)) {
                throw new InvalidValue("no such file");
            }
            if (Files.isDirectory(path)) {
                throw new InvalidValue("is a directory");
            }
            if (!Files.isRegularFile(path)) {
                throw new InvalidValue("not a regular file");
            }
            if (!Files.isReadable(path)) {
                throw new InvalidValue("not readable by this user");
            }
            return path;
        });
    }

    /**
     * The broker's address as the MQTT client takes it. The port may be left out and is then the
     * scheme's standard one, written out in the effective value so the printout shows where the
     * controller really connects. Credentials in the URL are refused: they would be shown wherever
     * the URL is, and the password belongs in {@code mqtt.passwordFile}.
     */
    static ValueType<String> mqttUrl() {
        return new Kind<>("tcp://host[:port] or ssl://host[:port] (port defaults to " + MQTT_TCP_DEFAULT_PORT + " and "
                + MQTT_SSL_DEFAULT_PORT + ")", ValueTypes::mqttAddress, String::valueOf,
                text -> URL_USER_INFO.matcher(text).replaceFirst("$1" + Sensitivity.MASK + "@"));
    }

    private static String mqttAddress(String text) throws InvalidValue {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidValue("not a URL");
        }
        String scheme = uri.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new InvalidValue();
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValue("a user name or password in the URL; use mqtt.username and mqtt.passwordFile");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidValue("no valid host name");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidValue("a path after the port");
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("ssl") ? MQTT_SSL_DEFAULT_PORT : MQTT_TCP_DEFAULT_PORT;
        } else if (port < 1 || port > 65535) {
            throw new InvalidValue("port out of range 1 to 65535");
        }
        return scheme + "://" + uri.getHost() + ":" + port;
    }

    /** Reads a value's text; what {@link ValueType#parse} does. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(String text) throws InvalidValue;
    }

    /** A kind of value made of what it accepts in words, how it reads, shows and hides its text. */
    private record Kind<T>(String expected, Reader<T> reader, Function<T, String> formatter,
                           UnaryOperator<String> redactor) implements ValueType<T> {
        @Override
        public T parse(String text) throws InvalidValue {
            return reader.read(text);
        }

        @Override
        public String format(T value) {
            return formatter.apply(value);
        }

        @Override
        public String redact(String text) {
            return redactor.apply(text);
        }
    }

    /** A kind of value shown as it is, with nothing to hide. */
    private static <T> ValueType<T> kind(String expected, Reader<T> reader) {
        return new Kind<>(expected, reader, String::valueOf, UnaryOperator.identity());
    }

    /** Text taken as it is, unless {@code refused} holds for it; {@code reason} may be null. */
    private static ValueType<String> textUnless(String expected, Predicate<String> refused, String reason) {
        return kind(expected, text -> {
            if (refused.test(text)) {
                throw new InvalidValue(reason);
            }
            return text;
        });
    }

    private static Path toPath(String text) throws InvalidValue {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValue("not a valid path");
        }
    }

    /** "a", "a or b", "a, b or c". */
    static String wordList(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
