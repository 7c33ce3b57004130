package cn.huanxin.ledger.api.cluster;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a view from whichever node receives the request. A view's tokens can be reset only by a
 * node that may claim every one of its segments, so the receiving node first has every other live
 * node let go of the view:
 * <ol>
 *   <li>it records the request ({@code ledger_rebuild}) and stops its own processor of the view;</li>
 *   <li>every other node sees the request on its next heartbeat, stops its processor of the view
 *       (which releases its claims) and says so ({@code ledger_rebuild_stop});</li>
 *   <li>once every live node has said so and no live claim on the view is left (a dead node's
 *       claims expire after the claim timeout), it resets the view's tokens (the view's reset
 *       handler clears its tables once), starts its processor, which replays from the first event,
 *       and marks the request DONE;</li>
 *   <li>the other nodes then start their processor again and take their share of the segments.</li>
 * </ol>
 * Whatever fails, the request is marked FAILED, this node's processor is started again, and the
 * other nodes start theirs when they see the request ended, or when this node stops beating: no
 * processor is left stopped. Only one rebuild of a view is open at a time.
 */
public final class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final long POLL_MILLIS = 100;

    /** Why a rebuild did not start. */
    public enum Refusal { NO_SUCH_PROJECTION, NOT_RESETTABLE, ALREADY_REBUILDING, HANDOVER_TIMEOUT, FAILED }

    /** A rebuild that did not start; nothing was reset, every node goes on as before. */
    public static final class RebuildRefused extends RuntimeException {

        private final Refusal reason;

        RebuildRefused(Refusal reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }

    private final EventProcessingConfiguration processing;
    private final RebuildRequests requests;
    private final TokenTable tokens;
    private final NodeRegistry nodes;
    private final ProcessorHolds holds;
    private final Duration handoverTimeout;
    /** The requests this node is carrying out now; any other open request of this node is abandoned. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    ProjectionRebuilds(EventProcessingConfiguration processing, RebuildRequests requests, TokenTable tokens,
                       NodeRegistry nodes, ProcessorHolds holds, Duration handoverTimeout) {
        this.processing = processing;
        this.requests = requests;
        this.tokens = tokens;
        this.nodes = nodes;
        this.holds = holds;
        this.handoverTimeout = handoverTimeout;
    }

    /**
     * Resets the view and starts replaying it; returns once the replay has started (the processor's
     * threads do the replay).
     *
     * @throws RebuildRefused when the view does not exist, cannot be reset, is being rebuilt, or the
     *                        other nodes did not let go of it within the handover timeout
     */
    public void rebuild(String name) {
        StreamingEventProcessor processor = processor(name).orElseThrow(() ->
                new RebuildRefused(Refusal.NO_SUCH_PROJECTION, "no projection " + name));
        if (!processor.supportsReset()) {
            throw new RebuildRefused(Refusal.NOT_RESETTABLE, "projection " + name + " cannot be reset");
        }
        String self = nodes.self();
        String requestId = requests.openUnlessOpen(name, self, nodes.live()).orElseThrow(() ->
                new RebuildRefused(Refusal.ALREADY_REBUILDING, "projection " + name + " is being rebuilt already"));
        inProgress.add(requestId);
        holds.hold(name, requestId);
        String outcome = RebuildRequests.FAILED;
        String detail = null;
        try {
            processor.shutDown();
            awaitHandover(name, requestId, self);
            processor.resetTokens();
            processor.start();
            outcome = RebuildRequests.DONE;
            log.info("Rebuild of projection {} started on node {} (request {})", name, self, requestId);
        } catch (RebuildRefused e) {
            detail = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            detail = e.toString();
            log.warn("Rebuild of projection {} failed; every node goes on as before: {}", name, e.toString());
            throw new RebuildRefused(Refusal.FAILED, "the rebuild of " + name + " could not start: " + e.getMessage());
        } finally {
            holds.release(name, requestId);
            try {
                if (!processor.isRunning()) {
                    processor.start();
                }
            } catch (RuntimeException e) {
                // The watchdog starts it on the next heartbeat.
                log.warn("Cannot start projection {} again yet: {}", name, e.toString());
            }
            try {
                requests.finish(requestId, outcome, detail);
            } catch (RuntimeException e) {
                // Left open, the request is ended by this node's heartbeat (abandon) once the database answers.
                log.warn("Cannot mark rebuild request {} {}: {}", requestId, outcome, e.toString());
            }
            inProgress.remove(requestId);
        }
    }

    /** Whether this node is carrying out the request now. */
    boolean carriesOut(String requestId) {
        return inProgress.contains(requestId);
    }

    /** Marks FAILED the open requests of this node that no thread carries out (left by a failure). */
    void abandonStale() {
        String self = nodes.self();
        for (RebuildRequests.Request request : requests.open()) {
            if (request.requestedBy().equals(self) && !inProgress.contains(request.requestId())) {
                requests.finish(request.requestId(), RebuildRequests.FAILED, "abandoned by its node");
            }
        }
    }

    private void awaitHandover(String name, String requestId, String self) {
        long deadline = System.nanoTime() + handoverTimeout.toNanos();
        while (true) {
            Set<String> waitingFor = new HashSet<>(nodes.live());
            waitingFor.remove(self);
            waitingFor.removeAll(requests.stoppedNodes(requestId));
            List<TokenTable.Segment> claimed = tokens.segments().stream()
                    .filter(s -> s.processor().equals(name) && s.owner() != null && !s.owner().equals(self))
                    .toList();
            if (waitingFor.isEmpty() && claimed.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new RebuildRefused(Refusal.HANDOVER_TIMEOUT, "the other nodes did not let go of " + name
                        + " within " + handoverTimeout + " (still running it: " + waitingFor + ", segments claimed: "
                        + claimed.stream().map(s -> s.segment() + " by " + s.owner()).toList() + "); nothing was reset");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RebuildRefused(Refusal.FAILED, "interrupted while waiting for the other nodes");
            }
        }
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    /** The streaming processors of this node by name. */
    static Map<String, StreamingEventProcessor> streaming(EventProcessingConfiguration processing) {
        Map<String, StreamingEventProcessor> all = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor s) {
                all.put(name, s);
            }
        });
        return all;
    }
}
