package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast check answers every question exactly as the JDK's Ed25519 does: valid signatures,
 * signatures, messages and keys altered by one bit, a signature whose S is not reduced (S + L), and
 * malformed signatures.
 */
class SealSignaturesTest {

    /** The order of Ed25519's base point (RFC 8032, section 5.1). */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final Random random = new Random(20261205);

    @Test
    void validSignaturesVerifyAsTheJdkSays() {
        for (int k = 0; k < 20; k++) {
            KeyPair pair = Ed25519Keys.generate();
            for (int m = 0; m < 10; m++) {
                byte[] message = bytes(random.nextInt(300));
                byte[] signature = Ed25519Keys.sign(pair.getPrivate(), message);
                assertThat(SealSignatures.verify(pair.getPublic(), message, signature)).isTrue();
                assertSameAnswer(pair.getPublic(), message, signature);
            }
        }
    }

    @Test
    void everyAlteredBitIsRejectedAsTheJdkRejectsIt() {
        KeyPair pair = Ed25519Keys.generate();
        KeyPair other = Ed25519Keys.generate();
        byte[] message = bytes(120);
        byte[] signature = Ed25519Keys.sign(pair.getPrivate(), message);
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] altered = signature.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SealSignatures.verify(pair.getPublic(), message, altered)).as("signature bit %d", bit).isFalse();
            assertSameAnswer(pair.getPublic(), message, altered);
        }
        for (int bit = 0; bit < message.length * 8; bit += 7) {
            byte[] altered = message.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SealSignatures.verify(pair.getPublic(), altered, signature)).as("message bit %d", bit).isFalse();
            assertSameAnswer(pair.getPublic(), altered, signature);
        }
        assertThat(SealSignatures.verify(other.getPublic(), message, signature)).isFalse();
        assertSameAnswer(other.getPublic(), message, signature);
        byte[] encoded = pair.getPublic().getEncoded();
        for (int bit = 0; bit < 32 * 8; bit += 5) {
            byte[] altered = encoded.clone();
            altered[12 + bit / 8] ^= (byte) (1 << (bit % 8));
            PublicKey key = publicKey(altered);
            if (key != null) {
                assertSameAnswer(key, message, signature);
            }
        }
    }

    @Test
    void aSignatureWhoseScalarIsNotReducedIsRejectedByBoth() {
        KeyPair pair = Ed25519Keys.generate();
        byte[] message = bytes(64);
        byte[] signature = Ed25519Keys.sign(pair.getPrivate(), message);
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        BigInteger scalar = new BigInteger(1, reversed(s));
        byte[] sPlusL = reversed(leftPad(scalar.add(L).toByteArray(), 32));
        byte[] malleable = signature.clone();
        System.arraycopy(sPlusL, 0, malleable, 32, 32);
        assertThat(SealSignatures.verify(pair.getPublic(), message, malleable)).isFalse();
        assertSameAnswer(pair.getPublic(), message, malleable);
    }

    @Test
    void malformedSignaturesAreRejectedByBoth() {
        KeyPair pair = Ed25519Keys.generate();
        byte[] message = bytes(64);
        byte[] signature = Ed25519Keys.sign(pair.getPrivate(), message);
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(new byte[64]);
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xff);
        malformed.add(ones);
        malformed.add(Arrays.copyOf(signature, 63));
        malformed.add(Arrays.copyOf(signature, 65));
        malformed.add(new byte[0]);
        for (byte[] bad : malformed) {
            assertThat(SealSignatures.verify(pair.getPublic(), message, bad)).as(HexFormat.of().formatHex(bad)).isFalse();
            assertSameAnswer(pair.getPublic(), message, bad);
        }
        assertThat(SealSignatures.verify(pair.getPublic(), message, null)).isFalse();
    }

    @Test
    void aCheckpointVerifiesWithTheFastCheckAsWithTheJdks() {
        KeyPair pair = Ed25519Keys.generate();
        SigningKey key = SigningKey.of(pair.getPrivate(), pair.getPublic());
        Checkpoint checkpoint = Checkpoint.sign(1_000, new byte[32], "2026-12-05T03:00:00Z", key);
        assertThat(checkpoint.verify(key.publicKey(), SealSignatures::verify)).isTrue();
        Checkpoint forged = new Checkpoint(1_001, checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.keyId(),
                checkpoint.signature());
        assertThat(forged.verify(key.publicKey(), SealSignatures::verify)).isFalse();
        assertThat(forged.verify(key.publicKey())).isFalse();
    }

    private static void assertSameAnswer(PublicKey key, byte[] message, byte[] signature) {
        assertThat(SealSignatures.verify(key, message, signature))
                .as("fast and JDK answers for signature %s", HexFormat.of().formatHex(signature))
                .isEqualTo(Ed25519Keys.verify(key, message, signature));
    }

    private static PublicKey publicKey(byte[] encoded) {
        try {
            return KeyFactory.getInstance(Ed25519Keys.ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (java.security.GeneralSecurityException e) {
            return null;
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] leftPad(byte[] bigEndian, int length) {
        byte[] out = new byte[length];
        int copy = Math.min(length, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - copy, out, length - copy, copy);
        return out;
    }
}
