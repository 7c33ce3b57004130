package cn.huanxin.ledger.api.cluster;

import cn.huanxin.ledger.api.config.DaemonTimers;
import cn.huanxin.ledger.api.config.DatabaseAvailability;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What each node does every heartbeat so that several nodes on one database behave as one ledger:
 * <ul>
 *   <li>says it is alive ({@link NodeRegistry});</li>
 *   <li>follows rebuilds asked of other nodes: stops its processor of the view and says so, and
 *       starts it again when the request has ended or its node has died ({@link ProjectionRebuilds});</li>
 *   <li>lets go of a segment when it holds more than its share of a view ({@link SegmentBalancer});</li>
 *   <li>starts any processor found stopped that no rebuild holds: nothing leaves a view stopped for
 *       good, not a failed rebuild, not an outage of the database.</li>
 * </ul>
 * It stops as soon as the application begins to close, before Axon shuts the processors down.
 */
final class ClusterCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ClusterCoordinator.class);

    private final EventProcessingConfiguration processing;
    private final NodeRegistry nodes;
    private final TokenTable tokens;
    private final RebuildRequests requests;
    private final ProjectionRebuilds rebuilds;
    private final ProcessorHolds holds;
    private final long heartbeatMillis;
    private final ScheduledExecutorService timer;
    private volatile boolean closing;
    private boolean failing;

    ClusterCoordinator(EventProcessingConfiguration processing, NodeRegistry nodes, TokenTable tokens,
                       RebuildRequests requests, ProjectionRebuilds rebuilds, ProcessorHolds holds,
                       long heartbeatMillis) {
        this.processing = processing;
        this.nodes = nodes;
        this.tokens = tokens;
        this.requests = requests;
        this.rebuilds = rebuilds;
        this.holds = holds;
        this.heartbeatMillis = heartbeatMillis;
        this.timer = DaemonTimers.single("cluster-coordinator");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, heartbeatMillis, TimeUnit.MILLISECONDS);
        log.info("Node {} joined the ledger's cluster", nodes.self());
    }

    @EventListener(ContextClosedEvent.class)
    void close() {
        closing = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            nodes.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Cannot remove node {} from the node table: {}", nodes.self(), e.toString());
        }
    }

    /** One heartbeat's work (tests call it directly). */
    void tick() {
        if (closing) {
            return;
        }
        try {
            nodes.beat();
            Map<String, StreamingEventProcessor> processors = ProjectionRebuilds.streaming(processing);
            List<String> live = nodes.live();
            followRebuilds(processors, live);
            rebuilds.abandonStale();
            // Segments go only to nodes that beat lately: a node that died stops beating at once, but
            // counts as live for a claim timeout, and its claims may expire before that (a claim is
            // renewed about every 5 s, a heartbeat every second): the survivors would give it segments.
            balance(processors, nodes.beatingWithin(3 * heartbeatMillis));
            restartStopped(processors);
            if (failing) {
                log.info("Node {} reaches the database again", nodes.self());
                failing = false;
            }
        } catch (RuntimeException e) {
            // One line per outage: the database's state changes are logged by DatabaseAvailability.
            if (!failing && !DatabaseAvailability.isUnavailable(e)) {
                log.warn("Cluster heartbeat of node {} failed: {}", nodes.self(), e.toString());
            }
            failing = true;
        }
    }

    private void followRebuilds(Map<String, StreamingEventProcessor> processors, List<String> live) {
        String self = nodes.self();
        Map<String, String> openByProcessor = new HashMap<>();
        for (RebuildRequests.Request request : requests.open()) {
            if (request.requestedBy().equals(self) || !live.contains(request.requestedBy())) {
                continue;
            }
            openByProcessor.putIfAbsent(request.processor(), request.requestId());
            StreamingEventProcessor processor = processors.get(request.processor());
            if (processor == null) {
                requests.stopped(request.requestId(), self);
                continue;
            }
            if (holds.hold(request.processor(), request.requestId()) && processor.isRunning()) {
                log.info("Stopping projection {} on node {}: node {} rebuilds it", request.processor(), self,
                        request.requestedBy());
                processor.shutDown();
            }
            if (!processor.isRunning()) {
                requests.stopped(request.requestId(), self);
            }
        }
        // Requests of other nodes that ended, or whose node died: this node's processor runs again.
        holds.all().forEach((name, requestId) -> {
            if (!requestId.equals(openByProcessor.get(name)) && !rebuilds.carriesOut(requestId)) {
                holds.release(name, requestId);
                StreamingEventProcessor processor = processors.get(name);
                if (processor != null && !processor.isRunning()) {
                    try {
                        processor.start();
                        log.info("Projection {} runs again on node {}", name, self);
                    } catch (RuntimeException e) {
                        // restartStopped tries again on the next heartbeat.
                        log.warn("Cannot start projection {} again yet: {}", name, e.toString());
                    }
                }
            }
        });
    }

    private void balance(Map<String, StreamingEventProcessor> processors, List<String> live) {
        if (live.size() < 2) {
            return;
        }
        Map<String, List<TokenTable.Segment>> byProcessor = new HashMap<>();
        tokens.segments().forEach(s -> byProcessor.computeIfAbsent(s.processor(), p -> new ArrayList<>()).add(s));
        processors.forEach((name, processor) -> {
            if (holds.held(name) || !processor.isRunning()) {
                return;
            }
            OptionalInt release = SegmentBalancer.release(byProcessor.getOrDefault(name, List.of()), live, nodes.self());
            if (release.isPresent() && processor.processingStatus().containsKey(release.getAsInt())) {
                log.info("Node {} releases segment {} of {} to share the view with {} live nodes", nodes.self(),
                        release.getAsInt(), name, live.size());
                processor.releaseSegment(release.getAsInt());
            }
        });
    }

    private void restartStopped(Map<String, StreamingEventProcessor> processors) {
        processors.forEach((name, processor) -> {
            if (!closing && !processor.isRunning() && !holds.held(name)) {
                log.warn("Projection {} was found stopped on node {}; starting it again", name, nodes.self());
                try {
                    processor.start();
                } catch (RuntimeException e) {
                    log.warn("Cannot start projection {} yet: {}", name, e.toString());
                }
            }
        });
    }
}
