package cn.huanxin.ledger.core.integrity;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The ledger's checkpoint signing key: an Ed25519 key pair and its key id.
 *
 * @param privateKey signs checkpoints; never leaves the ledger
 * @param publicKey  published, so that anyone can check a checkpoint
 * @param keyId      {@link Ed25519Keys#keyId(PublicKey)}
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!Ed25519Keys.keyId(publicKey).equals(keyId)) {
            throw new IllegalArgumentException("the key id does not name the public key");
        }
        if (!Ed25519Keys.matches(privateKey, publicKey)) {
            throw new IllegalArgumentException("the private key does not belong to the public key");
        }
    }

    /** The key pair with its derived id. */
    public static SigningKey of(PrivateKey privateKey, PublicKey publicKey) {
        return new SigningKey(privateKey, publicKey, Ed25519Keys.keyId(publicKey));
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + "]";
    }
}
