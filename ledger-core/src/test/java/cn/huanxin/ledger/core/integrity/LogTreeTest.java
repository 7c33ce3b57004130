package cn.huanxin.ledger.core.integrity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored-tree computations must give exactly what the in-memory reference {@link MerkleTree}
 * gives (itself tested against the RFC 6962/9162 vectors), for every size, index and pair of sizes
 * up to 70 leaves, and must read only O(log n) subtree hashes.
 */
class LogTreeTest {

    private static final int MAX = 70;

    private final List<byte[]> leaves = new ArrayList<>();
    private final Map<Subtree, byte[]> stored = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final SubtreeHashes store = (Collection<Subtree> wanted) -> {
        reads.addAndGet(wanted.size());
        Map<Subtree, byte[]> answer = new HashMap<>();
        for (Subtree subtree : wanted) {
            answer.put(subtree, stored.get(subtree));
        }
        return answer;
    };

    LogTreeTest() {
        TreeFrontier frontier = new TreeFrontier();
        for (int i = 0; i < MAX; i++) {
            byte[] leaf = MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            leaves.add(leaf);
            for (TreeFrontier.Completed completed : frontier.append(leaf)) {
                assertThat(stored.put(completed.subtree(), completed.hash())).as("stored once").isNull();
            }
            assertThat(frontier.root()).isEqualTo(MerkleTree.root(leaves));
        }
    }

    @Test
    void rootsEqualTheReference() {
        assertThat(LogTree.root(store, 0)).isEqualTo(MerkleTree.root(List.of()));
        for (int n = 1; n <= MAX; n++) {
            assertThat(LogTree.root(store, n)).as("root of %d", n).isEqualTo(MerkleTree.root(leaves.subList(0, n)));
        }
    }

    @Test
    void inclusionProofsEqualTheReferenceAndVerify() {
        for (int n = 1; n <= MAX; n++) {
            byte[] root = MerkleTree.root(leaves.subList(0, n));
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = LogTree.inclusionProof(store, m, n);
                List<byte[]> reference = MerkleTree.inclusionProof(leaves.subList(0, n), m);
                assertThat(proof).as("PATH(%d, D[%d])", m, n).usingElementComparator(LogTreeTest::compare)
                        .containsExactlyElementsOf(reference);
                assertThat(MerkleTree.verifyInclusion(leaves.get(m), m, n, proof, root)).isTrue();
            }
        }
    }

    @Test
    void consistencyProofsEqualTheReferenceAndVerify() {
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = LogTree.consistencyProof(store, m, n);
                assertThat(proof).as("PROOF(%d, D[%d])", m, n).usingElementComparator(LogTreeTest::compare)
                        .containsExactlyElementsOf(MerkleTree.consistencyProof(leaves.subList(0, n), m));
                assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(leaves.subList(0, m)),
                        MerkleTree.root(leaves.subList(0, n)), proof)).isTrue();
            }
        }
    }

    @Test
    void aProofReadsLogarithmicallyManyHashes() {
        reads.set(0);
        LogTree.inclusionProof(store, 37, 69);
        assertThat(reads.get()).isLessThanOrEqualTo(2 * 7);
    }

    @Test
    void frontierRestoredFromItsSubtreesContinuesTheSameTree() {
        TreeFrontier first = new TreeFrontier();
        leaves.subList(0, 45).forEach(first::append);
        List<byte[]> hashes = TreeFrontier.subtrees(45).stream().map(stored::get).toList();
        TreeFrontier restored = TreeFrontier.of(45, hashes);
        assertThat(restored.root()).isEqualTo(first.root());
        leaves.subList(45, MAX).forEach(restored::append);
        assertThat(restored.root()).isEqualTo(MerkleTree.root(leaves));
        assertThat(TreeFrontier.subtrees(45)).containsExactly(new Subtree(5, 0), new Subtree(3, 4),
                new Subtree(2, 10), new Subtree(0, 44));
    }

    @Test
    void decomposeRefusesRangesOutsideTheTreeShape() {
        assertThat(LogTree.decompose(8, 13)).containsExactly(new Subtree(2, 2), new Subtree(0, 12));
        assertThatThrownBy(() -> LogTree.decompose(3, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogTree.decompose(4, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeFrontier.of(3, List.of(new byte[32]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingStoredHashIsAnError() {
        SubtreeHashes empty = wanted -> Map.of();
        assertThatThrownBy(() -> LogTree.root(empty, 5)).isInstanceOf(IllegalStateException.class);
        assertThat(Set.copyOf(LogTree.decompose(0, 5))).containsExactlyInAnyOrder(new Subtree(2, 0), new Subtree(0, 4));
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
