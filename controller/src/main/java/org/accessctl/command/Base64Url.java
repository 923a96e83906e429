package org.accessctl.command;

import java.util.Base64;

/**
 * Unpadded base64url (RFC 7515 section 2) in its one canonical form. The JDK's decoder accepts
 * padding and ignores set bits in the last character's unused positions, so several strings
 * would decode to the same bytes; the token's text would then not be the one thing that was
 * signed. Here a part is accepted only if re-encoding its bytes gives back the same text.
 */
final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes of {@code text}, or a {@link RejectionReason#BAD_BASE64} refusal naming {@code part}. */
    static byte[] decode(String text, String part) throws CommandRefused {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                throw new CommandRefused(RejectionReason.BAD_BASE64,
                        "the " + part + " has a character outside unpadded base64url at index " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new CommandRefused(RejectionReason.BAD_BASE64, "the " + part + " has an impossible base64url length");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(RejectionReason.BAD_BASE64, "the " + part + " is not base64url");
        }
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new CommandRefused(RejectionReason.BAD_BASE64, "the " + part + " is not canonical base64url");
        }
        return bytes;
    }
}
