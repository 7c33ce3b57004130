package cn.huanxin.ledger.api.cluster;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which segment of a view this node should let go so that the live nodes share the view's work.
 * Axon's processors claim every free segment they can, so the first node to start holds them all;
 * without Axon Server nothing moves them. Each node asks this every heartbeat, for each view with
 * several segments, and releases at most one segment per view per heartbeat; a node short of
 * segments claims the released one on its next claim attempt.
 *
 * <p>With {@code n} segments over {@code k} live nodes every node should hold ⌊n/k⌋ or ⌈n/k⌉. This
 * node gives one up when it holds more than ⌈n/k⌉, or when it holds more than ⌊n/k⌋ while a live
 * node holds fewer than ⌊n/k⌋ and this node is the one holding most (ties go to the smaller node
 * name, so exactly one node gives). Segments held by nobody are not counted against anyone: some
 * node will take them. The decision depends only on the token table and the node table, which
 * every node reads alike, so nodes do not pull against each other.
 */
final class SegmentBalancer {

    private SegmentBalancer() {
    }

    /**
     * @param segments  the view's segments, each with its owner (null when unclaimed)
     * @param liveNodes the live nodes, this one included
     * @param self      this node
     * @return the segment this node should release now, if any
     */
    static OptionalInt release(List<TokenTable.Segment> segments, List<String> liveNodes, String self) {
        int total = segments.size();
        int nodes = liveNodes.size();
        if (total < 2 || nodes < 2) {
            return OptionalInt.empty();
        }
        Map<String, Integer> held = new HashMap<>();
        liveNodes.forEach(node -> held.put(node, 0));
        for (TokenTable.Segment segment : segments) {
            if (segment.owner() != null && held.containsKey(segment.owner())) {
                held.merge(segment.owner(), 1, Integer::sum);
            }
        }
        int mine = held.getOrDefault(self, 0);
        int floor = total / nodes;
        int ceiling = (total + nodes - 1) / nodes;
        boolean over = mine > ceiling;
        if (!over && mine > floor && held.values().stream().anyMatch(count -> count < floor)) {
            String most = held.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow().getKey();
            over = most.equals(self);
        }
        if (!over) {
            return OptionalInt.empty();
        }
        // The highest-numbered segment this node holds: any would do, a fixed choice keeps logs readable.
        return segments.stream().filter(s -> self.equals(s.owner()))
                .mapToInt(TokenTable.Segment::segment).max();
    }
}
