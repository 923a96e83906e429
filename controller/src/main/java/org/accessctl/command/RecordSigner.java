package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.accessctl.json.Json;

/**
 * Signs a person or visit record (contract section 7): a compact JWS, {@code alg} EdDSA, whose
 * payload is the record's JSON with {@code iat} added. The directory's key signs persons, an
 * approver's own key signs the visits they approve. The door checks it with the same
 * {@link CommandToken} and Ed25519 check as a command.
 */
public final class RecordSigner {

    private final PrivateKey key;
    private final String kid;

    /**
     * @param key an Ed25519 private key
     * @param kid the directory key's name in the door's key file, or the approver's personId
     */
    public RecordSigner(PrivateKey key, String kid) {
        this.key = Objects.requireNonNull(key, "key");
        this.kid = Objects.requireNonNull(kid, "kid");
    }

    public String kid() {
        return kid;
    }

    /**
     * @param record the record's members; an {@code iat} among them is replaced
     * @param iat seconds since 1970: the door refuses a record older than the one it holds
     */
    public String sign(Map<String, Object> record, long iat) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", CommandToken.ALG);
        header.put("kid", kid);
        Map<String, Object> payload = new LinkedHashMap<>(record);
        payload.remove("iat");
        payload.put("iat", iat);
        String signingInput = Base64Url.encode(utf8(Json.write(header))) + "." + Base64Url.encode(utf8(Json.write(payload)));
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64Url.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (is it an Ed25519 private key?): "
                    + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
