package org.accessctl.command;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The public half of an operator's Ed25519 key, as their person record carries it: base64 of
 * the SubjectPublicKeyInfo DER (the body of a PEM public key). Verification is Bouncy Castle's
 * RFC 8032 Ed25519, nothing of ours: a sync verifies every record on the door's loop, and the
 * JDK's own took several times longer per record.
 */
public final class OperatorKey {

    /**
     * The DER every Ed25519 SubjectPublicKeyInfo starts with (RFC 8410): SEQUENCE, the algorithm
     * 1.3.101.112 without parameters, and a BIT STRING of 32 bytes. An Ed25519 key has exactly
     * one encoding, so anything else (another curve, trailing bytes) is refused before the JDK
     * sees it.
     */
    public static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** Length of a raw Ed25519 public key. */
    public static final int RAW_LENGTH = 32;

    /** The raw 32-byte key. */
    private final byte[] key;

    private OperatorKey(byte[] key) {
        this.key = key;
    }

    /**
     * Reads a {@code publicKey} value from a person record.
     *
     * @throws CommandRefused {@code bad_public_key} when it is not base64 of an Ed25519 SubjectPublicKeyInfo
     */
    public static OperatorKey fromBase64(String spkiBase64) throws CommandRefused {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(spkiBase64);
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(RejectionReason.BAD_PUBLIC_KEY, "the operator's publicKey is not base64");
        }
        return fromSpki(der);
    }

    /** An operator key from SubjectPublicKeyInfo DER. */
    public static OperatorKey fromSpki(byte[] der) throws CommandRefused {
        if (der.length != SPKI_PREFIX.length + RAW_LENGTH
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new CommandRefused(RejectionReason.BAD_PUBLIC_KEY, "the operator's publicKey is not an Ed25519 key");
        }
        try {
            // The JDK's parse still decides what a usable key is, as before.
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CommandRefused(RejectionReason.BAD_PUBLIC_KEY,
                    "the operator's publicKey is not a usable Ed25519 key: " + e.getMessage());
        }
        return new OperatorKey(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
    }

    /** The SubjectPublicKeyInfo for a raw 32-byte Ed25519 public key, as RFC 8032's test vectors give them. */
    public static byte[] spkiOfRaw(byte[] raw) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has " + RAW_LENGTH + " bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_LENGTH);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, RAW_LENGTH);
        return der;
    }

    /**
     * Whether {@code signature} is this key's Ed25519 signature of {@code message}. Never throws:
     * a signature that cannot even be parsed is simply not a valid one.
     */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != CommandToken.SIGNATURE_LENGTH) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, key, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
