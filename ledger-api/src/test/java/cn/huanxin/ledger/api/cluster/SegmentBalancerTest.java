package cn.huanxin.ledger.api.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes share a view's segments evenly, one release at a time, and never pull against each other:
 * run to its end, the balancing leaves every live node with ⌊n/k⌋ or ⌈n/k⌉ segments.
 */
class SegmentBalancerTest {

    @Test
    void aNodeHoldingEverySegmentGivesOneUpWhenASecondNodeIsLive() {
        List<TokenTable.Segment> segments = owned("a", "a", "a", "a");
        assertThat(SegmentBalancer.release(segments, List.of("a", "b"), "a")).hasValue(3);
        assertThat(SegmentBalancer.release(segments, List.of("a", "b"), "b")).isEmpty();
    }

    @Test
    void aNodeAloneOrAViewOfOneSegmentKeepsWhatItHolds() {
        assertThat(SegmentBalancer.release(owned("a", "a", "a", "a"), List.of("a"), "a")).isEmpty();
        assertThat(SegmentBalancer.release(owned("a"), List.of("a", "b"), "a")).isEmpty();
    }

    @Test
    void anEvenShareIsKept() {
        assertThat(SegmentBalancer.release(owned("a", "b", "a", "b"), List.of("a", "b"), "a")).isEmpty();
        assertThat(SegmentBalancer.release(owned("a", "b", "a", "b"), List.of("a", "b"), "b")).isEmpty();
    }

    @Test
    void aDeadNodesSegmentsAreNotCountedAgainstTheLive() {
        // b died: its claims expired (owner null) or it is no longer live; a keeps what it holds and
        // claims the rest itself.
        assertThat(SegmentBalancer.release(owned("a", "a", null, null), List.of("a"), "a")).isEmpty();
        assertThat(SegmentBalancer.release(owned("a", "a", "b", "b"), List.of("a", "c"), "a")).isEmpty();
    }

    @Test
    void withThreeNodesExactlyOneNodeGivesWhenOneIsShort() {
        // 4 segments over 3 nodes: shares of 1 or 2. a and b hold 2, c none: one of a and b gives.
        List<TokenTable.Segment> segments = owned("a", "a", "b", "b");
        List<String> live = List.of("a", "b", "c");
        OptionalInt fromA = SegmentBalancer.release(segments, live, "a");
        OptionalInt fromB = SegmentBalancer.release(segments, live, "b");
        assertThat(fromA.isPresent() ^ fromB.isPresent()).isTrue();
        assertThat(SegmentBalancer.release(segments, live, "c")).isEmpty();
    }

    @Test
    void repeatedRoundsEndEvenForAnyStartAndNodeCount() {
        for (int nodes = 2; nodes <= 4; nodes++) {
            for (int total = 1; total <= 9; total++) {
                List<String> live = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    live.add("node-" + n);
                }
                String[] owners = new String[total];
                java.util.Arrays.fill(owners, "node-0");
                int rounds = 0;
                boolean moved = true;
                while (moved) {
                    moved = false;
                    assertThat(rounds++).as("rounds for %d segments over %d nodes", total, nodes).isLessThan(100);
                    for (String node : live) {
                        OptionalInt release = SegmentBalancer.release(owned(owners), live, node);
                        if (release.isPresent()) {
                            // The released segment goes to the node holding fewest (the next to claim).
                            owners[release.getAsInt()] = fewest(owners, live);
                            moved = true;
                        }
                    }
                }
                Map<String, Integer> held = new HashMap<>();
                live.forEach(n -> held.put(n, 0));
                for (String owner : owners) {
                    held.merge(owner, 1, Integer::sum);
                }
                int floor = total / nodes;
                int ceiling = (total + nodes - 1) / nodes;
                assertThat(held.values()).as("%d segments over %d nodes: %s", total, nodes, held)
                        .allSatisfy(count -> assertThat(count).isBetween(floor, ceiling));
            }
        }
    }

    private static String fewest(String[] owners, List<String> live) {
        Map<String, Integer> held = new HashMap<>();
        live.forEach(n -> held.put(n, 0));
        for (String owner : owners) {
            held.merge(owner, 1, Integer::sum);
        }
        return live.stream().min(java.util.Comparator.comparingInt(held::get)).orElseThrow();
    }

    private static List<TokenTable.Segment> owned(String... owners) {
        List<TokenTable.Segment> segments = new ArrayList<>();
        for (int i = 0; i < owners.length; i++) {
            segments.add(new TokenTable.Segment("balance", i, owners[i], Instant.EPOCH, 0, false, -1));
        }
        return segments;
    }
}
