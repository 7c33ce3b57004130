package cn.huanxin.ledger.core.integrity;

/**
 * A perfect subtree of the ledger's Merkle tree: the subtree at {@code level} with index
 * {@code index} covers the {@code 2^level} leaves {@code [index * 2^level, (index + 1) * 2^level)}.
 * Level 0 is a single leaf. Once all its leaves exist, a perfect subtree's hash never changes, so a
 * log can store it once and build every root and proof from such hashes.
 *
 * @param level the height, {@code 0 <= level <= 62}
 * @param index the position among the subtrees of that level, not negative
 */
public record Subtree(int level, long index) {

    public Subtree {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level must be between 0 and 62: " + level);
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("index outside the tree at level " + level + ": " + index);
        }
    }

    /** The index of the first leaf this subtree covers. */
    public long firstLeaf() {
        return index << level;
    }

    /** The number of leaves this subtree covers, {@code 2^level}. */
    public long leafCount() {
        return 1L << level;
    }
}
