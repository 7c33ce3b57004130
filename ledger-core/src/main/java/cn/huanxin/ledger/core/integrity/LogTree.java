package cn.huanxin.ledger.core.integrity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Roots and proofs of a large, stored Merkle tree, computed from the hashes of its perfect subtrees
 * ({@link Subtree}) rather than from a list of every leaf. The results are exactly those of
 * {@link MerkleTree} (RFC 9162 section 2.1) for the same leaves; only the source of the hashes
 * differs. Every subtree hash the RFC's recursion needs is either a perfect subtree or the right
 * edge of the tree, which is the right-folded chain of the perfect subtrees that make up its size,
 * so a root or proof of a tree of {@code n} leaves reads {@code O(log n)} stored hashes.
 *
 * <p>Each operation first works out which perfect subtrees it needs, asks the store for all of
 * them at once, and then computes; the shape of the recursion depends only on the sizes.
 */
public final class LogTree {

    private static final byte[] PLACEHOLDER = new byte[MerkleTree.HASH_LENGTH];

    private LogTree() {
        throw new AssertionError("utility class");
    }

    /** The root hash {@code MTH(D[0:size])} of the first {@code size} leaves of the log. */
    public static byte[] root(SubtreeHashes store, long size) {
        requireSize(size);
        if (size == 0) {
            return MerkleTree.root(List.of());
        }
        return resolve(store, ranges -> List.of(ranges.hash(0, size))).get(0);
    }

    /** The audit path {@code PATH(leafIndex, D[0:size])} of RFC 9162 section 2.1.3.1. */
    public static List<byte[]> inclusionProof(SubtreeHashes store, long leafIndex, long size) {
        requireSize(size);
        if (leafIndex < 0 || leafIndex >= size) {
            throw new IllegalArgumentException("leafIndex " + leafIndex + " is outside a tree of " + size + " leaves");
        }
        return resolve(store, ranges -> {
            List<byte[]> out = new ArrayList<>();
            path(ranges, leafIndex, 0, size, out);
            return out;
        });
    }

    /** The consistency proof {@code PROOF(oldSize, D[0:newSize])} of RFC 9162 section 2.1.4.1. */
    public static List<byte[]> consistencyProof(SubtreeHashes store, long oldSize, long newSize) {
        requireSize(newSize);
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("oldSize " + oldSize + " is outside 0.." + newSize);
        }
        if (oldSize == 0 || oldSize == newSize) {
            return new ArrayList<>();
        }
        return resolve(store, ranges -> {
            List<byte[]> out = new ArrayList<>();
            subproof(ranges, oldSize, 0, newSize, true, out);
            return out;
        });
    }

    /**
     * The perfect subtrees that make up the range {@code [from, to)} of one subtree of the RFC's
     * recursion, left to right: the range must start at a multiple of the largest power of two not
     * above its length, as every range of that recursion does.
     */
    public static List<Subtree> decompose(long from, long to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("not a range of leaves: [" + from + ", " + to + ")");
        }
        long length = to - from;
        if (from % Long.highestOneBit(length) != 0) {
            throw new IllegalArgumentException("[" + from + ", " + to + ") is not a subtree of the tree shape");
        }
        List<Subtree> parts = new ArrayList<>(Long.bitCount(length));
        long start = from;
        for (int level = 62; level >= 0; level--) {
            long count = 1L << level;
            if ((length & count) != 0) {
                parts.add(new Subtree(level, start >> level));
                start += count;
            }
        }
        return parts;
    }

    // --- the two phases: collect the subtrees needed, then compute with their hashes

    @FunctionalInterface
    private interface Ranges {
        byte[] hash(long from, long to);
    }

    private static List<byte[]> resolve(SubtreeHashes store, Function<Ranges, List<byte[]>> algorithm) {
        Objects.requireNonNull(store, "store");
        Set<Subtree> wanted = new LinkedHashSet<>();
        algorithm.apply((from, to) -> {
            wanted.addAll(decompose(from, to));
            return PLACEHOLDER;
        });
        Map<Subtree, byte[]> known = store.hashes(wanted);
        for (Subtree subtree : wanted) {
            byte[] hash = known.get(subtree);
            if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
                throw new IllegalStateException("the log holds no hash for " + subtree);
            }
        }
        return algorithm.apply((from, to) -> fold(decompose(from, to), known));
    }

    /** MTH of a range: its perfect parts hashed together from the right, as the RFC's split does. */
    private static byte[] fold(List<Subtree> parts, Map<Subtree, byte[]> known) {
        byte[] hash = known.get(parts.get(parts.size() - 1)).clone();
        for (int i = parts.size() - 2; i >= 0; i--) {
            hash = MerkleTree.nodeHash(known.get(parts.get(i)), hash);
        }
        return hash;
    }

    private static void path(Ranges ranges, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m < k) {
            path(ranges, m, from, from + k, out);
            out.add(ranges.hash(from + k, to));
        } else {
            path(ranges, m - k, from + k, to, out);
            out.add(ranges.hash(from, from + k));
        }
    }

    private static void subproof(Ranges ranges, long m, long from, long to, boolean complete, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(ranges.hash(from, to));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(ranges, m, from, from + k, complete, out);
            out.add(ranges.hash(from + k, to));
        } else {
            subproof(ranges, m - k, from + k, to, false, out);
            out.add(ranges.hash(from, from + k));
        }
    }

    private static void requireSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + size);
        }
    }
}
