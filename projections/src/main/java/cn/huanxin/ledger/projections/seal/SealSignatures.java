package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * The Ed25519 check of the checkpoints' signatures when the whole ledger is re-verified: Bouncy
 * Castle's RFC 8032 code, about 0.09 ms a signature on this project's 2-core machine against 0.7 ms
 * for Java 17's provider. A verification checks one signature per thousand events (the seal's
 * default), on the thread that compares in order, so with the JDK's check the signatures were about
 * 40 % of that thread's time.
 *
 * <p>It answers as {@link Ed25519Keys#verify} does ({@code SealSignaturesTest} holds it to that on
 * valid, altered, non-canonical and malformed signatures); a key that is not in the X.509 form of an
 * Ed25519 key is left to the JDK.
 */
final class SealSignatures {

    /** The X.509 {@code SubjectPublicKeyInfo} of an Ed25519 key, before its 32 bytes (RFC 8410). */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final int SIGNATURE_LENGTH = 64;

    private SealSignatures() {
        throw new AssertionError("utility class");
    }

    /** The check to give {@link Checkpoint#verify(PublicKey, Checkpoint.SignatureCheck)}. */
    static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
        byte[] encoded = publicKey.getEncoded();
        if (encoded == null || encoded.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return Ed25519Keys.verify(publicKey, message, signature);
        }
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        return Ed25519.verify(signature, 0, encoded, X509_PREFIX.length, message, 0, message.length);
    }
}
