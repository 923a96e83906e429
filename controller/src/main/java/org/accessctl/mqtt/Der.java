package org.accessctl.mqtt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough ASN.1 DER to tell which algorithm a private key is for and to wrap the older
 * OpenSSL key formats into PKCS#8, which is what the JDK reads. Not a general parser: it knows
 * definite lengths only, as DER requires.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]}, constructed: where SEC1 keeps the curve. */
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag and its contents. */
    record Element(int tag, byte[] contents) {

        /** The elements inside a constructed element (a SEQUENCE, a context tag). */
        List<Element> children() throws MalformedDerException {
            return parseAll(contents);
        }

        /** An OBJECT IDENTIFIER in dotted form, e.g. {@code 1.2.840.113549.1.1.1}. */
        String oid() throws MalformedDerException {
            if (tag != OBJECT_IDENTIFIER || contents.length == 0) {
                throw new MalformedDerException("expected an object identifier");
            }
            StringBuilder dotted = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (byte b : contents) {
                value = (value << 7) | (b & 0x7F);
                if (value > Long.MAX_VALUE >> 7) {
                    throw new MalformedDerException("object identifier too long");
                }
                if ((b & 0x80) == 0) {
                    if (first) {
                        // The first number packs the first two arcs: 40 * X + Y.
                        long arc1 = Math.min(value / 40, 2);
                        dotted.append(arc1).append('.').append(value - 40 * arc1);
                        first = false;
                    } else {
                        dotted.append('.').append(value);
                    }
                    value = 0;
                }
            }
            return dotted.toString();
        }

        /** The whole element again, tag and length included. */
        byte[] encoded() {
            return encode(tag, contents);
        }
    }

    /** The input is not the DER it should be. Never carries the bytes themselves: they may be a key. */
    static final class MalformedDerException extends Exception {
        MalformedDerException(String message) {
            super(message);
        }
    }

    private Der() {
    }

    /** Exactly one element filling all of {@code der}. */
    static Element parse(byte[] der) throws MalformedDerException {
        List<Element> all = parseAll(der);
        if (all.size() != 1) {
            throw new MalformedDerException("expected one element, found " + all.size());
        }
        return all.get(0);
    }

    static List<Element> parseAll(byte[] der) throws MalformedDerException {
        List<Element> elements = new ArrayList<>();
        int at = 0;
        while (at < der.length) {
            int tag = der[at++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new MalformedDerException("multi-byte tags are not used in keys");
            }
            if (at >= der.length) {
                throw new MalformedDerException("truncated");
            }
            int first = der[at++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7F;
                if (octets == 0 || octets > 4 || at + octets > der.length) {
                    throw new MalformedDerException("bad length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[at++] & 0xFF);
                }
            }
            if (length > der.length - at) {
                throw new MalformedDerException("truncated");
            }
            elements.add(new Element(tag, Arrays.copyOfRange(der, at, at + (int) length)));
            at += (int) length;
        }
        return elements;
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            contents.writeBytes(part);
        }
        int length = contents.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(contents.toByteArray());
        return out.toByteArray();
    }

    static byte[] integer(int smallValue) {
        if (smallValue < 0 || smallValue > 0x7F) {
            throw new IllegalArgumentException("only small non-negative integers are needed here");
        }
        return encode(INTEGER, new byte[] {(byte) smallValue});
    }

    /** An OBJECT IDENTIFIER from its dotted form. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeBase128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(body, Long.parseLong(arcs[i]));
        }
        return encode(OBJECT_IDENTIFIER, body.toByteArray());
    }

    static byte[] nullValue() {
        return encode(NULL);
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? group : group | 0x80);
        }
    }
}
