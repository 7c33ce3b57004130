package cn.huanxin.ledger.core.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merkle tree hashing over the ledger's canonical event encodings, exactly as specified by
 * RFC 9162 (Certificate Transparency Version 2.0), section 2.1, which uses the same SHA-256
 * construction as RFC 6962.
 *
 * <p>Leaves are hashed with the prefix byte {@code 0x00} and interior nodes with the prefix byte
 * {@code 0x01}, so that a leaf hash can never be confused with a node hash (second-preimage
 * protection). The tree over {@code n} leaves is split at the largest power of two strictly
 * smaller than {@code n}, which makes the tree shape, and therefore every proof, a pure function
 * of the number of leaves.
 *
 * <p>The builders ({@link #root}, {@link #inclusionProof}, {@link #consistencyProof}) take the
 * list of <em>leaf hashes</em> (the output of {@link #leafHash}), not the raw leaf inputs. They
 * throw {@link IllegalArgumentException} when an index or size lies outside the tree, because
 * that is a caller's error. The verifiers ({@link #verifyInclusion}, {@link #verifyConsistency})
 * receive data that may come from an untrusted log, so they return {@code false} whenever the
 * RFC says to "fail the proof verification" (for example a leaf index not below the tree size),
 * and only throw for arguments that cannot describe any tree at all (negative numbers, nulls).
 *
 * <p>All returned arrays are fresh copies; inputs are never modified. The class is stateless and
 * thread-safe.
 */
public final class MerkleTree {

    /** The length in bytes of every hash produced by this class (SHA-256). */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
        throw new AssertionError("utility class");
    }

    /**
     * Computes the hash of one leaf, {@code SHA-256(0x00 || leafInput)}, as defined in RFC 9162
     * section 2.1.1.
     *
     * @param leafInput the leaf's bytes, for the ledger the canonical encoding of one event; may be
     *                  empty but not null
     * @return the 32-byte leaf hash
     */
    public static byte[] leafHash(byte[] leafInput) {
        Objects.requireNonNull(leafInput, "leafInput");
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(leafInput);
        return sha.digest();
    }

    /**
     * Computes the hash of an interior node, {@code SHA-256(0x01 || left || right)}, as defined in
     * RFC 9162 section 2.1.1.
     *
     * @param left  the hash of the left subtree, 32 bytes
     * @param right the hash of the right subtree, 32 bytes
     * @return the 32-byte node hash
     * @throws IllegalArgumentException if either argument is not a 32-byte hash
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        return hashChildren(left, right);
    }

    /**
     * Computes the Merkle Tree Hash {@code MTH(D_n)} of RFC 9162 section 2.1.1 over the given leaf
     * hashes. The hash of the empty tree is the SHA-256 of the empty string; the hash of a single
     * leaf is that leaf's hash; for {@code n > 1} the tree is split at the largest power of two
     * {@code k < n} and the root is {@code nodeHash(MTH(D[0:k]), MTH(D[k:n]))}.
     *
     * @param leafHashes the leaf hashes in log order, each 32 bytes; may be empty
     * @return the 32-byte root hash
     * @throws IllegalArgumentException if any element is not a 32-byte hash
     */
    public static byte[] root(List<byte[]> leafHashes) {
        requireLeafHashes(leafHashes);
        if (leafHashes.isEmpty()) {
            return sha256().digest();
        }
        return mth(leafHashes, 0, leafHashes.size());
    }

    /**
     * Builds the Merkle audit path {@code PATH(m, D_n)} of RFC 9162 section 2.1.3.1 for the leaf at
     * {@code leafIndex}: the shortest list of additional nodes needed to recompute the root from
     * that leaf, ordered from the leaf level upwards. The path of the only leaf of a one-leaf tree
     * is empty.
     *
     * @param leafHashes the leaf hashes of the whole tree in log order, each 32 bytes
     * @param leafIndex  the zero-based index of the leaf, {@code 0 <= leafIndex < leafHashes.size()}
     * @return the audit path, a new mutable list of fresh 32-byte arrays
     * @throws IllegalArgumentException if the index is outside the tree (which includes every index
     *                                  of an empty tree) or an element is not a 32-byte hash
     */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int leafIndex) {
        requireLeafHashes(leafHashes);
        if (leafIndex < 0 || leafIndex >= leafHashes.size()) {
            throw new IllegalArgumentException("leafIndex " + leafIndex
                    + " is outside a tree of " + leafHashes.size() + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, leafIndex, 0, leafHashes.size(), path);
        return path;
    }

    /**
     * Verifies a Merkle audit path with the algorithm of RFC 9162 section 2.1.3.2. The check fails
     * (returns {@code false}) if the leaf index is not below the tree size, if the path is longer
     * or shorter than the tree shape requires, if any hash is not 32 bytes long, or if the
     * recomputed root differs from {@code root}.
     *
     * @param leafHash  the hash of the leaf, as produced by {@link #leafHash}
     * @param leafIndex the zero-based index of the leaf, not negative
     * @param treeSize  the number of leaves of the tree the root belongs to, not negative
     * @param path      the audit path, ordered from the leaf level upwards
     * @param root      the expected root hash of the tree of {@code treeSize} leaves
     * @return {@code true} exactly when the path proves that the leaf is at {@code leafIndex} in
     *         the tree with that root
     * @throws IllegalArgumentException if {@code leafIndex} or {@code treeSize} is negative
     */
    public static boolean verifyInclusion(byte[] leafHash, long leafIndex, long treeSize,
                                          List<byte[]> path, byte[] root) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(root, "root");
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leafIndex must not be negative: " + leafIndex);
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must not be negative: " + treeSize);
        }
        // Step 1: an index at or past the end of the tree cannot be proven.
        if (leafIndex >= treeSize) {
            return false;
        }
        if (!isHash(leafHash) || !isHash(root) || !allHashes(path)) {
            return false;
        }
        // Steps 2 and 3.
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        // Step 4.
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hashChildren(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = hashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 5.
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Builds the consistency proof {@code PROOF(m, D_n)} of RFC 9162 section 2.1.4.1 between the
     * tree of the first {@code oldSize} leaves and the tree of all leaves, using the
     * {@code SUBPROOF} recursion. The RFC defines the proof for {@code 0 < m < n}; for
     * {@code m == n} it is empty (the trees are identical) and for {@code m == 0} it is empty as
     * well, because the empty tree is a prefix of every tree and {@link #verifyConsistency} needs
     * no nodes to accept it.
     *
     * @param leafHashes the leaf hashes of the newer tree in log order, each 32 bytes
     * @param oldSize    the size of the older tree, {@code 0 <= oldSize <= leafHashes.size()}
     * @return the consistency proof, a new mutable list of fresh 32-byte arrays
     * @throws IllegalArgumentException if {@code oldSize} is negative or larger than the tree, or
     *                                  an element is not a 32-byte hash
     */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int oldSize) {
        requireLeafHashes(leafHashes);
        int n = leafHashes.size();
        if (oldSize < 0 || oldSize > n) {
            throw new IllegalArgumentException("oldSize " + oldSize
                    + " is outside 0.." + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize == 0 || oldSize == n) {
            return proof;
        }
        subproof(leafHashes, oldSize, 0, n, true, proof);
        return proof;
    }

    /**
     * Verifies a consistency proof with the algorithm of RFC 9162 section 2.1.4.2, which shows that
     * the tree of {@code oldSize} leaves with root {@code oldRoot} is a prefix of the tree of
     * {@code newSize} leaves with root {@code newRoot}.
     *
     * <p>The RFC algorithm covers {@code 0 < oldSize < newSize}. The edge cases follow from the
     * definitions in section 2.1.4.1: when {@code oldSize == newSize} the proof must be empty and
     * the two roots equal; when {@code oldSize == 0} the proof must be empty and {@code oldRoot}
     * must be the hash of the empty tree (section 2.1.1), since the empty tree is a prefix of every
     * tree. A shrinking tree ({@code oldSize > newSize}) always fails.
     *
     * @param oldSize the size of the older tree, not negative
     * @param newSize the size of the newer tree, not negative
     * @param oldRoot the root hash of the older tree
     * @param newRoot the root hash of the newer tree
     * @param proof   the consistency proof
     * @return {@code true} exactly when the proof shows that the older tree is a prefix of the
     *         newer one
     * @throws IllegalArgumentException if either size is negative
     */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot,
                                            byte[] newRoot, List<byte[]> proof) {
        Objects.requireNonNull(oldRoot, "oldRoot");
        Objects.requireNonNull(newRoot, "newRoot");
        Objects.requireNonNull(proof, "proof");
        if (oldSize < 0) {
            throw new IllegalArgumentException("oldSize must not be negative: " + oldSize);
        }
        if (newSize < 0) {
            throw new IllegalArgumentException("newSize must not be negative: " + newSize);
        }
        if (oldSize > newSize) {
            return false;
        }
        if (!isHash(oldRoot) || !isHash(newRoot) || !allHashes(proof)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, sha256().digest());
        }
        // Step 1.
        if (proof.isEmpty()) {
            return false;
        }
        // Step 2: when the old tree is a complete subtree its root is the first node.
        List<byte[]> path = proof;
        if (Long.bitCount(oldSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(oldRoot);
            path.addAll(proof);
        }
        // Step 3.
        long fn = oldSize - 1;
        long sn = newSize - 1;
        // Step 4.
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // Step 5.
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        // Step 6.
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hashChildren(c, fr);
                sr = hashChildren(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = hashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 7.
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    // --- recursion over half-open ranges [from, to) of the leaf list ---

    private static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from).clone();
        }
        int k = largestPowerOfTwoBelow(n);
        return hashChildren(mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(mth(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(mth(leaves, from, from + k));
        }
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete,
                                 List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(mth(leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, complete, out);
            out.add(mth(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(mth(leaves, from, from + k));
        }
    }

    /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** A digest per thread for the nodes: asking the providers for one costs more than hashing a node. */
    private static final ThreadLocal<MessageDigest> NODE_DIGEST = ThreadLocal.withInitial(MerkleTree::sha256);

    private static byte[] hashChildren(byte[] left, byte[] right) {
        MessageDigest sha = NODE_DIGEST.get();
        sha.reset();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static boolean isHash(byte[] b) {
        return b != null && b.length == HASH_LENGTH;
    }

    private static boolean allHashes(List<byte[]> hashes) {
        for (byte[] h : hashes) {
            if (!isHash(h)) {
                return false;
            }
        }
        return true;
    }

    private static void requireHash(byte[] b, String name) {
        Objects.requireNonNull(b, name);
        if (b.length != HASH_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + HASH_LENGTH
                    + " bytes, was " + b.length);
        }
    }

    private static void requireLeafHashes(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        for (int i = 0; i < leafHashes.size(); i++) {
            requireHash(leafHashes.get(i), "leafHashes[" + i + "]");
        }
    }
}
