package cn.huanxin.ledger.core.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 (RFC 8032) keys as the ledger uses them to sign checkpoints, with only the JDK: keys in
 * PEM (the public key as an X.509 {@code SubjectPublicKeyInfo}, "PUBLIC KEY"; the private key as
 * PKCS #8, "PRIVATE KEY", the forms {@code openssl genpkey -algorithm ed25519} writes and reads),
 * and the key id, the first 16 hex digits of the SHA-256 of the public key's DER encoding
 * ({@code openssl pkey -pubin -in key.pem -outform DER | sha256sum | cut -c1-16}).
 */
public final class Ed25519Keys {

    public static final String ALGORITHM = "Ed25519";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private Ed25519Keys() {
        throw new AssertionError("utility class");
    }

    /** A fresh key pair from the platform's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java 17 provides Ed25519", e);
        }
    }

    /** The key id: the first 16 lower-case hex digits of SHA-256 over the public key's DER form. */
    public static String keyId(PublicKey publicKey) {
        requireEd25519(publicKey);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** The public key in PEM, 64 characters a line, with a final line break. */
    public static String publicKeyPem(PublicKey publicKey) {
        requireEd25519(publicKey);
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The private key in PKCS #8 PEM. */
    public static String privateKeyPem(PrivateKey privateKey) {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /**
     * Reads an Ed25519 public key from PEM.
     *
     * @throws IllegalArgumentException if the text holds no PEM public key, or not an Ed25519 one
     */
    public static PublicKey readPublicKey(String pem) {
        byte[] der = der(pem, "PUBLIC KEY");
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
            requireEd25519(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an Ed25519 private key from PKCS #8 PEM, and derives nothing else from it.
     *
     * @throws IllegalArgumentException if the text holds no PEM private key, or not an Ed25519 one
     */
    public static PrivateKey readPrivateKey(String pem) {
        byte[] der = der(pem, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Signs a message (Ed25519 signs the message itself, not a digest of it); 64 bytes. */
    public static byte[] sign(PrivateKey privateKey, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the key. */
    public static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java 17 provides Ed25519", e);
        }
    }

    /** Whether the private key signs what the public key verifies: a check of a loaded key pair. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "huanxin-ledger key pair check".getBytes(StandardCharsets.US_ASCII);
        return verify(publicKey, probe, sign(privateKey, probe));
    }

    private static void requireEd25519(PublicKey key) {
        if (!ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
        if (key.getEncoded().length != 44) {
            throw new IllegalArgumentException("not an Ed25519 key (Ed448?)");
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        Matcher matcher = PEM.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                try {
                    return Base64.getMimeDecoder().decode(matcher.group(2));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the PEM " + label + " is not base64", e);
                }
            }
        }
        throw new IllegalArgumentException("no PEM block labelled " + label);
    }
}
