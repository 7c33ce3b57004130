package cn.huanxin.ledger.core.integrity;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed checkpoint of the ledger's Merkle tree: its size and root hash at a moment, signed with
 * Ed25519. What is signed is the checkpoint <em>statement</em> ({@code docs/integrity.md}, section
 * "Checkpoints"), five lines of ASCII, each ended by one line feed:
 *
 * <pre>
 * huanxin-ledger/checkpoint/v1
 * &lt;treeSize in decimal&gt;
 * &lt;rootHash in lower-case hex&gt;
 * &lt;signedAt exactly as published&gt;
 * &lt;keyId&gt;
 * </pre>
 *
 * @param treeSize  the number of leaves the root covers
 * @param rootHash  the 32-byte root hash, lower-case hex
 * @param signedAt  when it was signed, ISO-8601 with offset, signed exactly as this text
 * @param keyId     the signing key's id ({@link Ed25519Keys#keyId})
 * @param signature the 64-byte Ed25519 signature of the statement, standard base64
 */
public record Checkpoint(long treeSize, String rootHash, String signedAt, String keyId, String signature) {

    /** The first line of every version-1 statement. */
    public static final String HEADER = "huanxin-ledger/checkpoint/v1";

    public Checkpoint {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must not be negative");
        }
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The bytes that are signed, for the given fields. */
    public static byte[] statement(long treeSize, String rootHash, String signedAt, String keyId) {
        for (String field : new String[]{rootHash, signedAt, keyId}) {
            if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a checkpoint field holds a line break");
            }
        }
        String text = HEADER + "\n" + treeSize + "\n" + rootHash + "\n" + signedAt + "\n" + keyId + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a checkpoint of {@code treeSize} leaves with root {@code root}. */
    public static Checkpoint sign(long treeSize, byte[] root, String signedAt, SigningKey key) {
        String rootHex = Hashes.hex(root);
        byte[] signature = Ed25519Keys.sign(key.privateKey(), statement(treeSize, rootHex, signedAt, key.keyId()));
        return new Checkpoint(treeSize, rootHex, signedAt, key.keyId(), Base64.getEncoder().encodeToString(signature));
    }

    /** This checkpoint's statement. */
    public byte[] statement() {
        return statement(treeSize, rootHash, signedAt, keyId);
    }

    /** The root hash as bytes; empty when it is not 64 hex digits. */
    public byte[] rootHashBytes() {
        return Hashes.fromHex(rootHash);
    }

    /**
     * Whether the signature is valid for this checkpoint's statement under {@code publicKey}, and
     * the key id names that key. A malformed signature or root is simply not valid.
     */
    public boolean verify(PublicKey publicKey) {
        return verify(publicKey, Ed25519Keys::verify);
    }

    /**
     * {@link #verify(PublicKey)} with another implementation of Ed25519's check (RFC 8032) for the
     * signature itself; every other check is this one's.
     */
    public boolean verify(PublicKey publicKey, SignatureCheck check) {
        if (!Ed25519Keys.keyId(publicKey).equals(keyId) || rootHashBytes().length != MerkleTree.HASH_LENGTH) {
            return false;
        }
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return check.verify(publicKey, statement(), signatureBytes);
    }

    /** An Ed25519 signature check: {@link Ed25519Keys#verify} or one that answers exactly as it does. */
    @FunctionalInterface
    public interface SignatureCheck {

        /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the key. */
        boolean verify(PublicKey publicKey, byte[] message, byte[] signature);
    }
}
