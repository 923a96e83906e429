package org.accessctl.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Ed25519 test vectors of RFC 8032 section 7.1, checked through {@link OperatorKey}: the
 * same parsing of a SubjectPublicKeyInfo and the same verification that every command token goes
 * through.
 */
class Rfc8032VectorsTest {

    record Vector(String name, String secretKey, String publicKey, String message, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> vectors() {
        return Stream.of(
                new Vector("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                new Vector("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                new Vector("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** The key as a person record carries it: base64 of the SubjectPublicKeyInfo built from the raw key. */
    private static OperatorKey recordKey(Vector v) throws CommandRefused {
        return OperatorKey.fromBase64(Base64.getEncoder().encodeToString(OperatorKey.spkiOfRaw(hex(v.publicKey()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theVectorsSignatureVerifies(Vector v) throws Exception {
        assertTrue(recordKey(v).verifies(hex(v.message()), hex(v.signature())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void anyChangeToMessageOrSignatureFailsIt(Vector v) throws Exception {
        OperatorKey key = recordKey(v);
        byte[] signature = hex(v.signature());
        for (int bit = 0; bit < signature.length * 8; bit += 13) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(key.verifies(hex(v.message()), flipped), "bit " + bit);
        }
        assertFalse(key.verifies(hex(v.message() + "00"), signature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theJdkSignsExactlyTheVectorsSignature(Vector v) throws Exception {
        // Ed25519 is deterministic: the secret key alone fixes the signature.
        PrivateKey secret = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, hex(v.secretKey())));
        assertArrayEquals(hex(v.signature()), TokenFixture.sign(hex(v.message()), secret));
    }

    @Test
    void aTokenSignedWithTest1sKeyIsAcceptedFromARecordWithItsPublicKey() throws Exception {
        Vector v = vectors().findFirst().orElseThrow();
        PrivateKey secret = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, hex(v.secretKey())));
        TokenFixture f = new TokenFixture();
        f.persons.put("P-001", TokenFixture.operator("P-001",
                Base64.getEncoder().encodeToString(OperatorKey.spkiOfRaw(hex(v.publicKey())))));
        String token = TokenFixture.signed(TokenFixture.json(f.header()), TokenFixture.json(f.claims()), secret);
        assertInstanceOf(VerifiedCommand.class, f.verify(token));
    }
}
