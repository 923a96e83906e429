package org.accessctl.mqtt;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -----BEGIN …-----} blocks of a PEM file (RFC 7468, plus the headers OpenSSL writes
 * into encrypted traditional keys). Text outside the blocks is ignored, so a certificate file
 * with {@code openssl x509 -text} output above the block reads as well.
 */
final class PemBlocks {

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …), headers and decoded body. */
    record Block(String label, Map<String, String> headers, byte[] der) {
        @Override
        public String toString() {
            return "Block[" + label + "]"; // the body may be a private key
        }
    }

    /** The text is not the PEM it should be. The message never quotes the text: it may be a key. */
    static final class MalformedPemException extends Exception {
        MalformedPemException(String message) {
            super(message);
        }
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemBlocks() {
    }

    static List<Block> parse(String text) throws MalformedPemException {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i++].strip();
            if (!line.startsWith(BEGIN)) {
                continue;
            }
            String label = label(line, BEGIN);
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean ended = false;
            boolean inHeaders = true;
            while (i < lines.length) {
                String body = lines[i++].strip();
                if (body.startsWith(END)) {
                    if (!label(body, END).equals(label)) {
                        throw new MalformedPemException("the block " + label + " ends with a different label");
                    }
                    ended = true;
                    break;
                }
                if (inHeaders && body.contains(":")) {
                    int colon = body.indexOf(':');
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                    continue;
                }
                inHeaders = false;
                base64.append(body);
            }
            if (!ended) {
                throw new MalformedPemException("the block " + label + " has no END line (is the file cut short?)");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                // Not e.getMessage(): it quotes a character of the body.
                throw new MalformedPemException("the block " + label + " is damaged (its body is not base64)");
            }
            if (der.length == 0) {
                throw new MalformedPemException("the block " + label + " is empty");
            }
            blocks.add(new Block(label, headers, der));
        }
        return blocks;
    }

    private static String label(String line, String prefix) throws MalformedPemException {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            throw new MalformedPemException("a damaged " + prefix.strip().replace("-", "") + " line");
        }
        return line.substring(prefix.length(), line.length() - DASHES.length());
    }
}
