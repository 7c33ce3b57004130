package cn.huanxin.ledger.api.admin;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.cluster.NodeRegistry;
import cn.huanxin.ledger.api.cluster.ProjectionRebuilds;
import cn.huanxin.ledger.api.cluster.TokenTable;
import cn.huanxin.ledger.api.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The views' processors for operators, whichever node is asked: {@code GET /api/v1/admin/projections}
 * shows every view cluster-wide from the token store (each segment's owner node, position and lag,
 * replaying) and the live nodes; {@code POST /api/v1/admin/projections/{name}/rebuild} resets one
 * view and replays the whole event store into it ({@code 202} once the replay has started), handing
 * the view over from the other nodes first ({@link ProjectionRebuilds}). Lag is counted in global
 * index positions between the head of the event store and a token (null while the store cannot tell
 * its head: Axon Server unreachable). A view with several segments is only as far as its slowest
 * segment. A view whose rebuild deferred indexes lists them as {@code pendingIndexes} and is not
 * {@code caughtUp} until they are built again.
 */
@RestController
class ProjectionAdminController {

    private static final String RETRY_AFTER_SECONDS = "5";

    private final ClusterStatus cluster;
    private final ProjectionRebuilds rebuilds;

    ProjectionAdminController(ClusterStatus cluster, ProjectionRebuilds rebuilds) {
        this.cluster = cluster;
        this.rebuilds = rebuilds;
    }

    @GetMapping("/api/v1/admin/projections")
    ResponseEntity<Map<String, Object>> projections() {
        Long head = cluster.head();
        List<Map<String, Object>> items = new ArrayList<>();
        for (ClusterStatus.View view : cluster.views()) {
            long position = view.position();
            List<Map<String, Object>> segments = new ArrayList<>();
            for (TokenTable.Segment segment : view.segments()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("segment", segment.segment());
                item.put("owner", segment.owner());
                item.put("position", segment.position());
                item.put("lag", head == null ? null : Math.max(0, head - Math.max(segment.position(), 0)));
                item.put("replaying", segment.replaying() && (head == null || segment.position() < head));
                segments.add(item);
            }
            List<String> owners = view.owners();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", view.name());
            item.put("running", view.claimed() || view.runningHere());
            item.put("position", position);
            item.put("head", head);
            item.put("lag", head == null ? null : view.lag(head));
            // Axon ends a replay only when an event newer than the reset point arrives; a view that has
            // replayed up to the head of a quiet store has finished replaying all the same.
            item.put("replaying", view.replaying() && (head == null || position < head));
            // A rebuilt view is current once the indexes its rebuild deferred are built again.
            List<String> pendingIndexes = cluster.pendingIndexes(view.name());
            item.put("caughtUp", head != null && !view.segments().isEmpty() && position >= head
                    && pendingIndexes.isEmpty());
            item.put("pendingIndexes", pendingIndexes);
            item.put("error", view.errorHere());
            item.put("owner", owners.size() == 1 ? owners.get(0) : null);
            item.put("owners", owners);
            item.put("segments", segments);
            items.add(item);
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeRegistry.Node node : cluster.nodes()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("nodeId", node.nodeId());
            item.put("live", node.live());
            item.put("self", node.self());
            item.put("startedAt", node.startedAt().toString());
            item.put("lastSeenAt", node.lastSeenAt().toString());
            nodes.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", cluster.self());
        body.put("items", items);
        body.put("nodes", nodes);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @PostMapping("/api/v1/admin/projections/{name}/rebuild")
    ResponseEntity<?> rebuild(@PathVariable String name) {
        try {
            rebuilds.rebuild(name);
        } catch (ProjectionRebuilds.RebuildRefused refused) {
            return refusal(refused);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("status", "REBUILDING");
        body.put("node", cluster.self());
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ResponseEntity<ProblemDetail> refusal(ProjectionRebuilds.RebuildRefused refused) {
        ProblemDetail problem = switch (refused.reason()) {
            case NO_SUCH_PROJECTION -> Problems.notFound(refused.getMessage());
            case NOT_RESETTABLE -> Problems.withCode(HttpStatus.CONFLICT, "NOT_RESETTABLE", "Cannot rebuild",
                    refused.getMessage());
            case ALREADY_REBUILDING -> Problems.withCode(HttpStatus.CONFLICT, "REBUILD_IN_PROGRESS",
                    "Rebuild in progress", refused.getMessage());
            case HANDOVER_TIMEOUT -> Problems.withCode(HttpStatus.SERVICE_UNAVAILABLE, "HANDOVER_TIMEOUT",
                    "Rebuild not started", refused.getMessage());
            case FAILED -> Problems.withCode(HttpStatus.SERVICE_UNAVAILABLE, "REBUILD_FAILED",
                    "Rebuild not started", refused.getMessage());
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }
}
