package cn.huanxin.ledger.api.cluster;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every view as the whole cluster sees it, whichever node is asked: its segments, each with the
 * node that holds it and how far it is, from the token store ({@link TokenTable}); and the live
 * nodes ({@link NodeRegistry}). A node that holds none of a view's segments answers the same as the
 * node that processes it.
 */
public final class ClusterStatus {

    private final EventProcessingConfiguration processing;
    private final TokenTable tokens;
    private final NodeRegistry nodes;
    private final EventSource events;
    private final JdbcTemplate jdbc;
    private final Map<String, DeferredIndexes> deferred = new HashMap<>();

    ClusterStatus(EventProcessingConfiguration processing, TokenTable tokens, NodeRegistry nodes, EventSource events,
                  JdbcTemplate jdbc, List<DeferredIndexes> deferred) {
        this.processing = processing;
        this.tokens = tokens;
        this.nodes = nodes;
        this.events = events;
        this.jdbc = jdbc;
        deferred.forEach(indexes -> this.deferred.put(indexes.view(), indexes));
    }

    /**
     * The indexes of a view that its last rebuild dropped and that are not built again yet
     * ({@link DeferredIndexBuilder}): a view is current only once there are none.
     */
    public List<String> pendingIndexes(String view) {
        DeferredIndexes indexes = deferred.get(view);
        return indexes == null ? List.of() : indexes.missing(jdbc);
    }

    /** Every view whose rebuilds defer indexes. */
    List<DeferredIndexes> deferredIndexes() {
        return List.copyOf(deferred.values());
    }

    /** One view across the cluster, or null when this node has no such view. */
    View view(String name) {
        return views().stream().filter(view -> view.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The head of the event store, or null while the store cannot tell (Axon Server unreachable): the
     * tokens are still worth showing then. An unreachable database is the 503 of every query, so its
     * failure is thrown.
     */
    public Long head() {
        try {
            return Math.max(0, events.head());
        } catch (RuntimeException e) {
            if (DatabaseAvailability.isUnavailable(e)) {
                throw e;
            }
            return null;
        }
    }

    /**
     * One view across the cluster.
     *
     * @param name          the processor's name
     * @param segments      its segments from the token store, in segment order (empty before the
     *                      processor first ran anywhere)
     * @param runningHere   whether this node's processor of the view is running
     * @param errorHere     whether one of the segments this node works on is in error
     */
    public record View(String name, List<TokenTable.Segment> segments, boolean runningHere, boolean errorHere) {

        /** The lowest position over the segments: the view has handled every event up to it; -1 for none. */
        public long position() {
            return segments.isEmpty() ? -1 : segments.stream().mapToLong(TokenTable.Segment::position).min().orElse(-1);
        }

        /** How many positions of the store up to {@code head} the view has not handled yet. */
        public long lag(long head) {
            return Math.max(0, head - Math.max(position(), 0));
        }

        public boolean replaying() {
            return segments.stream().anyMatch(TokenTable.Segment::replaying);
        }

        /** Whether some live node holds one of the view's segments (so the view moves). */
        public boolean claimed() {
            return segments.stream().anyMatch(s -> s.owner() != null);
        }

        /** The nodes holding the view's segments, in segment order. */
        public List<String> owners() {
            Set<String> owners = new LinkedHashSet<>();
            segments.forEach(s -> {
                if (s.owner() != null) {
                    owners.add(s.owner());
                }
            });
            return List.copyOf(owners);
        }

        /** The replay's progress from 0 to 1 (its slowest segment), 1 when not replaying. */
        public double replayProgress() {
            double progress = 1;
            for (TokenTable.Segment segment : segments) {
                if (segment.replaying() && segment.resetAt() > 0) {
                    progress = Math.min(progress, Math.max(0, segment.position()) / (double) segment.resetAt());
                }
            }
            return Math.min(1, progress);
        }
    }

    /** Every view of this node's configuration, by name. */
    public List<View> views() {
        Map<String, List<TokenTable.Segment>> segments = new HashMap<>();
        tokens.segments().forEach(s -> segments.computeIfAbsent(s.processor(), p -> new ArrayList<>()).add(s));
        List<View> views = new ArrayList<>();
        ProjectionRebuilds.streaming(processing).forEach((name, processor) -> views.add(new View(name,
                List.copyOf(segments.getOrDefault(name, List.of())), processor.isRunning(), inError(processor))));
        return views;
    }

    /** The views' names, from this node's configuration (no database needed). */
    public List<String> viewNames() {
        return List.copyOf(ProjectionRebuilds.streaming(processing).keySet());
    }

    /** The nodes in the node table, oldest first. */
    public List<NodeRegistry.Node> nodes() {
        return nodes.nodes();
    }

    public String self() {
        return nodes.self();
    }

    private static boolean inError(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
    }
}
