package cn.huanxin.ledger.api.admin;

import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The views' processors for operators: {@code GET /api/v1/admin/projections} (position, lag,
 * replaying) and {@code POST /api/v1/admin/projections/{name}/rebuild}, which resets one view and
 * replays the whole event store into it in the background ({@code 202}). Lag is counted in global
 * index positions between the head of the event store and the processor's token.
 *
 * <p>Every view runs on a {@link StreamingEventProcessor} (pooled, some with several segments), so
 * nothing here depends on the kind of processor. A view with several segments is only as far as its
 * slowest segment: its position is the lowest of its segments' positions, and it is caught up when
 * every segment is.
 */
@RestController
class ProjectionAdminController {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdminController.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    @GetMapping("/api/v1/admin/projections")
    ResponseEntity<Map<String, Object>> projections() {
        long head = position(eventStore.createHeadToken()).orElse(0L);
        List<Map<String, Object>> items = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor streaming)) {
                return;
            }
            long position = Long.MAX_VALUE;
            boolean replaying = false;
            boolean caughtUp = true;
            boolean error = false;
            Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
            for (EventTrackerStatus status : segments.values()) {
                position = Math.min(position, position(status.getTrackingToken()).orElse(-1L));
                replaying |= status.isReplaying();
                caughtUp &= status.isCaughtUp();
                error |= status.isErrorState();
            }
            if (segments.isEmpty()) {
                // No segment claimed (yet) on this node: nothing is known to be processed.
                position = -1;
                caughtUp = false;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name);
            item.put("running", streaming.isRunning());
            item.put("position", position);
            item.put("head", head);
            item.put("lag", Math.max(0, head - Math.max(position, 0)));
            // Axon ends a replay only when an event newer than the reset point arrives; a view that has
            // replayed up to the head of a quiet store has finished replaying all the same.
            item.put("replaying", replaying && position < head);
            item.put("caughtUp", caughtUp && position >= head);
            item.put("error", error);
            items.add(item);
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("items", items));
    }

    @PostMapping("/api/v1/admin/projections/{name}/rebuild")
    ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no projection " + name)));
        if (!processor.supportsReset()) {
            throw new RequestProblem(Problems.withCode(HttpStatus.CONFLICT, "NOT_RESETTABLE", "Cannot rebuild",
                    "projection " + name + " cannot be reset"));
        }
        // Shut down (every segment's work package ends and its claim is released), reset every
        // segment's token (the view's @ResetHandler clears its tables once) and start replaying from
        // the first event; the processor's own threads do the work, so the request returns at once.
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        log.info("Rebuild of projection {} started", name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("status", "REBUILDING");
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }
}
