package cn.huanxin.ledger.core.integrity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link MerkleTree} over random trees of 1 to 200 leaves: honest proofs always
 * verify, and any single-bit change to a proof, leaf or root, a wrong index, or a swapped
 * root makes them fail.
 */
class MerkleTreeProperties {

    /** A random tree, a leaf index in it and an older size {@code 0 <= oldSize <= size}. */
    record Case(List<byte[]> leaves, int index, int oldSize) {
        int size() {
            return leaves.size();
        }

        @Override
        public String toString() {
            return "Case[size=" + size() + ", index=" + index + ", oldSize=" + oldSize + "]";
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<byte[]> leafInput = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        return leafInput.list().ofMinSize(1).ofMaxSize(200).flatMap(inputs -> {
            // Each input is prefixed with its position so that all leaves are distinct: with
            // duplicate leaves a path could legitimately verify at another, identical leaf.
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                byte[] in = inputs.get(i);
                byte[] unique = ByteBuffer.allocate(4 + in.length).putInt(i).put(in).array();
                leaves.add(MerkleTree.leafHash(unique));
            }
            int n = leaves.size();
            return Combinators.combine(
                    Arbitraries.integers().between(0, n - 1),
                    Arbitraries.integers().between(0, n)
            ).as((index, oldSize) -> new Case(leaves, index, oldSize));
        });
    }

    @Property(tries = 300)
    void everyInclusionProofOfTheTreeVerifies(@ForAll("cases") Case c) {
        byte[] root = MerkleTree.root(c.leaves());
        for (int i = 0; i < c.size(); i++) {
            List<byte[]> path = MerkleTree.inclusionProof(c.leaves(), i);
            assertThat(MerkleTree.verifyInclusion(c.leaves().get(i), i, c.size(), path, root))
                    .as("leaf %d", i).isTrue();
        }
    }

    @Property(tries = 200)
    void anyBitFlipInPathLeafOrRootBreaksInclusion(@ForAll("cases") Case c) {
        List<byte[]> leaves = c.leaves();
        int i = c.index();
        long n = c.size();
        byte[] leaf = leaves.get(i);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> path = MerkleTree.inclusionProof(leaves, i);
        assertThat(MerkleTree.verifyInclusion(leaf, i, n, path, root)).isTrue();

        for (int bit = 0; bit < MerkleTree.HASH_LENGTH * 8; bit++) {
            assertThat(MerkleTree.verifyInclusion(flip(leaf, bit), i, n, path, root))
                    .as("leaf bit %d", bit).isFalse();
            assertThat(MerkleTree.verifyInclusion(leaf, i, n, path, flip(root, bit)))
                    .as("root bit %d", bit).isFalse();
            for (int e = 0; e < path.size(); e++) {
                assertThat(MerkleTree.verifyInclusion(leaf, i, n, flip(path, e, bit), root))
                        .as("path[%d] bit %d", e, bit).isFalse();
            }
        }
    }

    @Property(tries = 300)
    void aWrongIndexOrLeafBreaksInclusion(@ForAll("cases") Case c) {
        List<byte[]> leaves = c.leaves();
        int i = c.index();
        int n = c.size();
        byte[] leaf = leaves.get(i);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> path = MerkleTree.inclusionProof(leaves, i);
        for (int j = 0; j <= n; j++) {
            if (j != i) {
                assertThat(MerkleTree.verifyInclusion(leaf, j, n, path, root))
                        .as("claimed index %d", j).isFalse();
            }
        }
        if (n > 1) {
            byte[] other = leaves.get((i + 1) % n);
            assertThat(MerkleTree.verifyInclusion(other, i, n, path, root))
                    .as("another leaf at this index").isFalse();
        }
    }

    @Property(tries = 300)
    void everyConsistencyProofVerifies(@ForAll("cases") Case c) {
        List<byte[]> leaves = c.leaves();
        int m = c.oldSize();
        int n = c.size();
        byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
        byte[] newRoot = MerkleTree.root(leaves);
        List<byte[]> proof = MerkleTree.consistencyProof(leaves, m);
        assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof)).isTrue();
        if (m == 0 || m == n) {
            assertThat(proof).isEmpty();
        } else {
            assertThat(proof).isNotEmpty();
        }
    }

    @Property(tries = 200)
    void anyTamperingBreaksConsistency(@ForAll("cases") Case c) {
        List<byte[]> leaves = c.leaves();
        int m = c.oldSize();
        int n = c.size();
        byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
        byte[] newRoot = MerkleTree.root(leaves);
        List<byte[]> proof = MerkleTree.consistencyProof(leaves, m);

        for (int bit = 0; bit < MerkleTree.HASH_LENGTH * 8; bit++) {
            assertThat(MerkleTree.verifyConsistency(m, n, flip(oldRoot, bit), newRoot, proof))
                    .as("old root bit %d", bit).isFalse();
            if (m > 0) {
                // From the empty tree nothing about the new root can be checked (RFC 9162 2.1.4).
                assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, flip(newRoot, bit), proof))
                        .as("new root bit %d", bit).isFalse();
            }
            for (int e = 0; e < proof.size(); e++) {
                assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, flip(proof, e, bit)))
                        .as("proof[%d] bit %d", e, bit).isFalse();
            }
        }
        if (!proof.isEmpty()) {
            assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot,
                    proof.subList(0, proof.size() - 1))).as("truncated").isFalse();
            List<byte[]> longer = new ArrayList<>(proof);
            longer.add(newRoot);
            assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, longer))
                    .as("extended").isFalse();
            assertThat(MerkleTree.verifyConsistency(m, n, newRoot, oldRoot, proof))
                    .as("swapped roots").isFalse();
            assertThat(MerkleTree.verifyConsistency(n, m, newRoot, oldRoot, proof))
                    .as("reversed sizes").isFalse();
        }
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static List<byte[]> flip(List<byte[]> list, int element, int bit) {
        List<byte[]> out = new ArrayList<>(list);
        out.set(element, flip(out.get(element), bit));
        return out;
    }
}
