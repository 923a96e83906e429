package org.accessctl.json;

import java.util.Locale;

/**
 * Writes JSON string literals the way RFC 8785 requires, which is also a perfectly ordinary
 * compact form: only the quote, the backslash and the C0 controls are escaped (the five with
 * short forms as \b \t \n \f \r, the rest as a backslash-u escape in lower-case hex, e.g.
 * backslash-u001f); everything else, including '/', DEL and all non-ASCII, is written as itself.
 */
final class JsonStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            out.append(s, runStart, i);
            runStart = i + 1;
            if (Character.isSurrogate(c)) {
                // Half a character has no UTF-8 form: it would reach the log (and its hash)
                // as '?' or U+FFFD, so two different strings could hash alike. Refuse it.
                if (!Character.isHighSurrogate(c) || i + 1 == s.length()
                        || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new JsonException("string contains a lone surrogate U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i);
                }
                out.append(c).append(s.charAt(++i));
                runStart = i + 1;
                continue;
            }
            appendEscape(out, c);
        }
        out.append(s, runStart, s.length());
        out.append('"');
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\t': out.append("\\t"); break;
            case '\n': out.append("\\n"); break;
            case '\f': out.append("\\f"); break;
            case '\r': out.append("\\r"); break;
            default:
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
    }

    /**
     * Quotes text that came from a hostile input so it can sit inside an error message: short,
     * and with every control, surrogate and non-ASCII character escaped, so a log line stays
     * one plain line whatever the publisher sent.
     */
    static String forMessage(String s) {
        final int max = 40;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        if (s.length() > max) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
