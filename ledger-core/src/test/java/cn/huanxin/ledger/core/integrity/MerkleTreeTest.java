package cn.huanxin.ledger.core.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks {@link MerkleTree} against the published RFC 6962 reference test data of the
 * Certificate Transparency project.
 *
 * <p>Provenance of every vector in this class:
 * <ul>
 *   <li>Leaf inputs, per-level node hashes and the roots of tree sizes 0..8 come from
 *       {@code testonly/constants.go} in github.com/transparency-dev/merkle (functions
 *       {@code LeafInputs}, {@code NodeHashes}, {@code RootHashes}, {@code EmptyRootHash}); the
 *       same data was earlier in google/trillian and google/certificate-transparency-go.</li>
 *   <li>Inclusion paths and consistency proofs come from the {@code inclusionProofs} and
 *       {@code consistencyProofs} tables of {@code proof/verify_test.go} in the same repository.
 *       That file numbers leaves from 1; the indexes below are converted to the zero-based
 *       indexes of RFC 9162.</li>
 *   <li>The tamper probes mirror {@code corruptInclusionProof} and {@code corruptConsistencyProof}
 *       of that test file.</li>
 * </ul>
 * All hex values were additionally re-derived with an independent python3/hashlib
 * implementation of RFC 6962 before being committed, and matched.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** {@code LeafInputs()} of transparency-dev/merkle testonly/constants.go. */
    private static final List<byte[]> LEAF_INPUTS = hexList(
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");

    /** Level 0 of {@code NodeHashes()}: the RFC 6962 leaf hashes of {@link #LEAF_INPUTS}. */
    private static final List<byte[]> LEAF_HASHES = hexList(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");

    /** {@code RootHashes()}: index i is the root of the tree of the first i leaves. */
    private static final List<byte[]> ROOTS = hexList(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static final byte[] SOME_HASH =
            HEX.parseHex("abacaba000000000000000000000000000000000000000000060061e00123456");

    // ---------------------------------------------------------------- hashing and roots

    @Test
    void leafHashesMatchThePublishedLevelZeroNodes() {
        for (int i = 0; i < LEAF_INPUTS.size(); i++) {
            assertThat(hex(MerkleTree.leafHash(LEAF_INPUTS.get(i))))
                    .as("leaf %d", i)
                    .isEqualTo(hex(LEAF_HASHES.get(i)));
        }
    }

    @Test
    void nodeHashMatchesThePublishedLevelOneNode() {
        // NodeHashes()[1][0] = hash of leaves 0 and 1; NodeHashes()[1][3] = leaves 6 and 7.
        assertThat(hex(MerkleTree.nodeHash(LEAF_HASHES.get(0), LEAF_HASHES.get(1))))
                .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(MerkleTree.nodeHash(LEAF_HASHES.get(6), LEAF_HASHES.get(7))))
                .isEqualTo("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
    }

    @Test
    void emptyTreeRootIsSha256OfTheEmptyString() {
        assertThat(hex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @ParameterizedTest(name = "tree size {0}")
    @MethodSource("sizes0To8")
    void rootMatchesThePublishedRootForEverySize(int size) {
        assertThat(hex(MerkleTree.root(LEAF_HASHES.subList(0, size))))
                .isEqualTo(hex(ROOTS.get(size)));
    }

    static Stream<Integer> sizes0To8() {
        return Stream.iterate(0, i -> i <= 8, i -> i + 1);
    }

    @Test
    void hashingRejectsMalformedInput() {
        assertThatThrownBy(() -> MerkleTree.nodeHash(new byte[31], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(List.of(new byte[33])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.leafHash(null))
                .isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- inclusion

    /** {@code inclusionProofs} of proof/verify_test.go, with zero-based leaf indexes. */
    static Stream<Arguments> publishedInclusionProofs() {
        return Stream.of(
                Arguments.of(0, 1, hexList()),
                Arguments.of(0, 8, hexList(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(5, 8, hexList(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(2, 3, hexList(
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                Arguments.of(1, 5, hexList(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("publishedInclusionProofs")
    void inclusionProofMatchesThePublishedPath(int index, int size, List<byte[]> expected) {
        List<byte[]> actual = MerkleTree.inclusionProof(LEAF_HASHES.subList(0, size), index);
        assertThat(hexes(actual)).containsExactlyElementsOf(hexes(expected));
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("publishedInclusionProofs")
    void publishedPathVerifiesAndEveryCorruptionFails(int index, int size, List<byte[]> path) {
        byte[] leaf = LEAF_HASHES.get(index);
        byte[] root = ROOTS.get(size);
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, root)).isTrue();

        // Wrong leaf index.
        if (index > 0) {
            assertThat(MerkleTree.verifyInclusion(leaf, index - 1, size, path, root)).isFalse();
        }
        assertThat(MerkleTree.verifyInclusion(leaf, index + 1, size, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index ^ 2, size, path, root)).isFalse();
        // Wrong tree size.
        assertThat(MerkleTree.verifyInclusion(leaf, index, size * 2L, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size / 2, path, root)).isFalse();
        // Wrong leaf or root.
        assertThat(MerkleTree.verifyInclusion(
                "WrongLeaf".getBytes(StandardCharsets.US_ASCII), index, size, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(SOME_HASH, index, size, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, ROOTS.get(0))).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, path, SOME_HASH)).isFalse();
        // Garbage at either end.
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, append(path, new byte[0]), root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, append(path, root), root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, prepend(new byte[0], path), root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, prepend(root, path), root)).isFalse();
        // One bit flipped in each element; one element removed; one inserted.
        for (int i = 0; i < path.size(); i++) {
            assertThat(MerkleTree.verifyInclusion(leaf, index, size, flip(path, i, 0, 3), root))
                    .as("proof[%d] bit 3 flipped", i).isFalse();
        }
        if (!path.isEmpty()) {
            assertThat(MerkleTree.verifyInclusion(
                    leaf, index, size, path.subList(0, path.size() - 1), root)).isFalse();
        }
        if (path.size() > 1) {
            List<byte[]> inserted = new ArrayList<>(path);
            inserted.add(1, SOME_HASH);
            assertThat(MerkleTree.verifyInclusion(leaf, index, size, inserted, root)).isFalse();
        }
    }

    @Test
    void everyLeafOfThePublishedEightLeafTreeVerifies() {
        for (int size = 1; size <= 8; size++) {
            List<byte[]> tree = LEAF_HASHES.subList(0, size);
            for (int i = 0; i < size; i++) {
                List<byte[]> path = MerkleTree.inclusionProof(tree, i);
                assertThat(MerkleTree.verifyInclusion(LEAF_HASHES.get(i), i, size, path, ROOTS.get(size)))
                        .as("leaf %d of %d", i, size).isTrue();
            }
        }
    }

    @Test
    void inclusionOutsideTheTreeFailsOrIsRejected() {
        // Probes of TestVerifyInclusion: index/size combinations that can never verify.
        long[][] probes = {{0, 0}, {0, 1}, {1, 0}, {2, 1}};
        for (long[] p : probes) {
            assertThat(MerkleTree.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), new byte[0])).isFalse();
            assertThat(MerkleTree.verifyInclusion(new byte[0], p[0], p[1], List.of(), ROOTS.get(0))).isFalse();
            assertThat(MerkleTree.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), ROOTS.get(0))).isFalse();
        }
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(SOME_HASH, -1, 1, List.of(), SOME_HASH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(SOME_HASH, 0, -1, List.of(), SOME_HASH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(LEAF_HASHES, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(LEAF_HASHES, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleLeafTreeHasAnEmptyPath() {
        // TestVerifyInclusionSingleEntry: root and leaf hash of a one-leaf tree are the same.
        byte[] hash = MerkleTree.leafHash("data".getBytes(StandardCharsets.US_ASCII));
        assertThat(MerkleTree.inclusionProof(List.of(hash), 0)).isEmpty();
        assertThat(MerkleTree.verifyInclusion(hash, 0, 1, List.of(), hash)).isTrue();
        assertThat(MerkleTree.verifyInclusion(new byte[0], 0, 1, List.of(), hash)).isFalse();
        assertThat(MerkleTree.verifyInclusion(hash, 0, 1, List.of(), new byte[0])).isFalse();
        assertThat(MerkleTree.verifyInclusion(new byte[0], 0, 1, List.of(), new byte[0])).isFalse();
    }

    // ---------------------------------------------------------------- consistency

    /** {@code consistencyProofs} of proof/verify_test.go. */
    static Stream<Arguments> publishedConsistencyProofs() {
        return Stream.of(
                Arguments.of(1, 1, hexList()),
                Arguments.of(1, 8, hexList(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(6, 8, hexList(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(2, 5, hexList(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                Arguments.of(6, 7, hexList(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("publishedConsistencyProofs")
    void consistencyProofMatchesThePublishedProof(int oldSize, int newSize, List<byte[]> expected) {
        List<byte[]> actual = MerkleTree.consistencyProof(LEAF_HASHES.subList(0, newSize), oldSize);
        assertThat(hexes(actual)).containsExactlyElementsOf(hexes(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("publishedConsistencyProofs")
    void publishedConsistencyProofVerifiesAndEveryCorruptionFails(int m, int n, List<byte[]> proof) {
        byte[] r1 = ROOTS.get(m);
        byte[] r2 = ROOTS.get(n);
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, proof)).isTrue();
        if (proof.isEmpty()) {
            return; // like the reference test, only non-trivial proofs are corrupted
        }
        byte[] wrongRoot = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
        // Wrong old size.
        assertThat(MerkleTree.verifyConsistency(m - 1, n, r1, r2, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m + 1, n, r1, r2, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m ^ 2, n, r1, r2, proof)).isFalse();
        // Wrong new size.
        assertThat(MerkleTree.verifyConsistency(m, n * 2L, r1, r2, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n / 2, r1, r2, proof)).isFalse();
        // Wrong roots.
        assertThat(MerkleTree.verifyConsistency(m, n, wrongRoot, r2, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, wrongRoot, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, SOME_HASH, r2, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, SOME_HASH, proof)).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r2, r1, proof)).isFalse();
        // Empty proof.
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, List.of())).isFalse();
        // Garbage at either end.
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, append(proof, new byte[0]))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, append(proof, r1))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, append(proof, r2))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, prepend(new byte[0], proof))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, prepend(r1, proof))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, prepend(r2, proof))).isFalse();
        assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, prepend(proof.get(0), proof))).isFalse();
        // Truncated; one bit flipped in each element.
        assertThat(MerkleTree.verifyConsistency(
                m, n, r1, r2, proof.subList(0, proof.size() - 1))).isFalse();
        for (int i = 0; i < proof.size(); i++) {
            assertThat(MerkleTree.verifyConsistency(m, n, r1, r2, flip(proof, i, 0, 4)))
                    .as("proof[%d] bit 4 flipped", i).isFalse();
        }
    }

    @Test
    void everyPairOfPrefixesOfThePublishedTreeIsConsistent() {
        for (int n = 0; n <= 8; n++) {
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(LEAF_HASHES.subList(0, n), m);
                assertThat(MerkleTree.verifyConsistency(m, n, ROOTS.get(m), ROOTS.get(n), proof))
                        .as("%d -> %d", m, n).isTrue();
            }
        }
    }

    @Test
    void edgeCasesOfConsistency() {
        byte[] empty = ROOTS.get(0);
        byte[] r1 = ROOTS.get(1);
        byte[] r2 = ROOTS.get(2);
        // Equal sizes: consistent exactly when the roots are equal and the proof is empty.
        assertThat(MerkleTree.verifyConsistency(0, 0, empty, empty, List.of())).isTrue();
        assertThat(MerkleTree.verifyConsistency(1, 1, r1, r1, List.of())).isTrue();
        assertThat(MerkleTree.verifyConsistency(1, 1, r1, r2, List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 0, empty, r2, List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(1, 1, r1, r1, List.of(empty))).isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 0, empty, empty, List.of(empty))).isFalse();
        // From the empty tree: the proof is empty and the old root must be the empty-tree hash.
        // (transparency-dev/merkle does not look at the old root here; this class is stricter.)
        assertThat(MerkleTree.consistencyProof(LEAF_HASHES, 0)).isEmpty();
        assertThat(MerkleTree.verifyConsistency(0, 1, empty, r1, List.of())).isTrue();
        assertThat(MerkleTree.verifyConsistency(0, 8, empty, ROOTS.get(8), List.of())).isTrue();
        assertThat(MerkleTree.verifyConsistency(0, 1, SOME_HASH, r1, List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 1, empty, r1, List.of(empty))).isFalse();
        // Time travel to the past.
        assertThat(MerkleTree.verifyConsistency(1, 0, r1, empty, List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(2, 1, r2, r1, List.of())).isFalse();
        // A growing tree needs a non-empty proof.
        assertThat(MerkleTree.verifyConsistency(1, 2, r1, r2, List.of())).isFalse();
        // Out-of-range arguments.
        assertThatThrownBy(() -> MerkleTree.verifyConsistency(-1, 2, r1, r2, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.verifyConsistency(1, -2, r1, r2, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(LEAF_HASHES, 9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(LEAF_HASHES, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static List<byte[]> hexList(String... hexes) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hexes) {
            out.add(HEX.parseHex(h));
        }
        return List.copyOf(out);
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static List<String> hexes(List<byte[]> list) {
        return list.stream().map(MerkleTreeTest::hex).toList();
    }

    private static List<byte[]> append(List<byte[]> list, byte[] last) {
        List<byte[]> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }

    private static List<byte[]> prepend(byte[] first, List<byte[]> list) {
        List<byte[]> out = new ArrayList<>();
        out.add(first);
        out.addAll(list);
        return out;
    }

    private static List<byte[]> flip(List<byte[]> list, int element, int byteIndex, int bit) {
        List<byte[]> out = new ArrayList<>(list);
        byte[] copy = out.get(element).clone();
        copy[byteIndex] ^= (byte) (1 << bit);
        out.set(element, copy);
        return out;
    }
}
