package cn.huanxin.ledger.core.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The right edge of a growing Merkle tree: the hashes of the perfect subtrees that make up its
 * size, one per set bit of the size, largest first. Appending a leaf merges equal-sized subtrees
 * and reports each perfect subtree it completes, so a log can store every subtree hash once; the
 * root of the current size is the right fold of the frontier. Not thread-safe.
 */
public final class TreeFrontier {

    /** A perfect subtree completed by an append, with its hash. */
    public record Completed(Subtree subtree, byte[] hash) {
    }

    private long size;
    /** Index i holds the hash of the i-th set bit of size, from the highest. */
    private final List<byte[]> hashes = new ArrayList<>();

    /** An empty tree. */
    public TreeFrontier() {
    }

    /** The frontier of a tree of {@code size} leaves, from its perfect subtrees' hashes. */
    public static TreeFrontier of(long size, List<byte[]> hashes) {
        if (size < 0 || Long.bitCount(size) != hashes.size()) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                    + " frontier hashes, not " + hashes.size());
        }
        TreeFrontier frontier = new TreeFrontier();
        frontier.size = size;
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
                throw new IllegalArgumentException("frontier hashes must be 32 bytes");
            }
            frontier.hashes.add(hash.clone());
        }
        return frontier;
    }

    /** The perfect subtrees of the frontier of a tree of {@code size} leaves, largest first. */
    public static List<Subtree> subtrees(long size) {
        return size == 0 ? List.of() : LogTree.decompose(0, size);
    }

    public long size() {
        return size;
    }

    /** The frontier's hashes, largest subtree first (copies). */
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    /**
     * Appends one leaf.
     *
     * @param leafHash the leaf's hash, {@code MerkleTree.leafHash(canonical)}
     * @return the subtrees this append completed, the leaf itself (level 0) first
     */
    public List<Completed> append(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("a leaf hash is 32 bytes");
        }
        List<Completed> completed = new ArrayList<>(2);
        long index = size;
        byte[] hash = leafHash.clone();
        completed.add(new Completed(new Subtree(0, index), hash));
        int level = 0;
        // Each trailing one bit of the old size is a subtree of the same height to merge with.
        while (((size >> level) & 1) == 1) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = MerkleTree.nodeHash(left, hash);
            level++;
            completed.add(new Completed(new Subtree(level, index >> level), hash));
        }
        hashes.add(hash);
        size++;
        return completed;
    }

    /** The root hash of the tree as it stands. */
    public byte[] root() {
        if (size == 0) {
            return MerkleTree.root(List.of());
        }
        byte[] root = hashes.get(hashes.size() - 1).clone();
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(hashes.get(i), root);
        }
        return root;
    }
}
