package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.supervision.Traces;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.api.web.Times;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.LogTree;
import cn.huanxin.ledger.core.integrity.MerkleTree;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import cn.huanxin.ledger.projections.supervision.Stage;
import cn.huanxin.ledger.projections.supervision.TraceEvent;
import cn.huanxin.ledger.projections.supervision.TraceView;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evidence bundles for the discipline office ({@code GET /api/v1/evidence/{kind}/{ref}}): one
 * self-contained JSON file with the events of a subject's full chain (the events of its trace), each
 * with its canonical bytes and an inclusion proof against one signed checkpoint, the checkpoint and
 * the public key. {@code java -jar ledger-api.jar verify bundle.json} checks it with no server and
 * no database (docs/integrity.md, "Evidence bundles").
 *
 * <p>The bundle is complete or not given: if the seal has not yet reached the subject's newest
 * event within {@code ledger.seal.evidence-wait}, the answer is 503 with {@code Retry-After}; if the
 * latest checkpoint does not cover it, a checkpoint is signed first; and if a stored event no longer
 * matches its sealed leaf, the ledger refuses (409 {@code INTEGRITY_MISMATCH}) rather than hand out
 * evidence that cannot verify.
 */
@RestController
class EvidenceController {

    static final String FORMAT = "huanxin-ledger/evidence-bundle/v1";

    private final Traces traces;
    private final Seal seal;
    private final EventSource events;
    private final TransactionTemplate transactions;
    private final SealProperties properties;
    private final Clock clock;

    EvidenceController(Traces traces, Seal seal, EventSource events, TransactionTemplate transactions,
                       SealProperties properties, Clock clock) {
        this.traces = traces;
        this.seal = seal;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/evidence/{kind}/{ref}")
    ResponseEntity<?> evidence(@PathVariable String kind, @PathVariable String ref) throws InterruptedException {
        TraceView trace = traces.trace(kind, ref, Bitemporal.EVERYTHING);
        Set<String> ids = new LinkedHashSet<>();
        for (Stage stage : trace.stages()) {
            stage.events().stream().map(TraceEvent::ledgerEventId).forEach(ids::add);
        }
        if (ids.size() > properties.maxEvidenceEvents()) {
            throw new RequestProblem(Problems.tooLarge("the chain of " + kind + " " + ref + " has " + ids.size()
                    + " events, more than one bundle holds (" + properties.maxEvidenceEvents() + ")"));
        }
        List<StoredEvent> events = storedEvents(ids);
        if (events.isEmpty()) {
            throw new RequestProblem(Problems.notFound("no events of " + kind + " " + ref + " in the ledger"));
        }
        long newest = events.get(events.size() - 1).position();
        if (!awaitSealed(newest)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.unavailable("the seal has not yet reached this subject's newest event; "
                            + "ask again in a few seconds"));
        }
        Map<Long, SealStore.SealedLeaf> leaves = sealedLeaves(events);
        long highestLeaf = leaves.values().stream().mapToLong(SealStore.SealedLeaf::leafIndex).max().orElseThrow();
        Checkpoint checkpoint = seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint)
                .filter(c -> c.treeSize() > highestLeaf)
                .orElseGet(() -> transactions.execute(status -> seal.checkpointNow()).checkpoint());

        List<Map<String, Object>> items = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            SealStore.SealedLeaf leaf = leaves.get(event.position());
            byte[] canonical = event.canonical();
            if (!MessageDigest.isEqual(MerkleTree.leafHash(canonical), leaf.leafHash())) {
                throw new RequestProblem(Problems.withCode(HttpStatus.CONFLICT, "INTEGRITY_MISMATCH",
                        "Stored event differs from its seal", "the stored event at position " + event.position()
                                + " no longer matches its sealed leaf; no evidence is given. Run POST /api/v1/ledger/verify"));
            }
            long leafIndex = leaf.leafIndex();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("ledgerEventId", event.ledgerEventId());
            item.put("position", event.position());
            item.put("leafIndex", leafIndex);
            item.put("canonical", new String(canonical, StandardCharsets.UTF_8));
            item.put("leafHash", Hashes.hex(leaf.leafHash()));
            item.put("auditPath", LogTree.inclusionProof(seal.store().subtrees(), leafIndex, checkpoint.treeSize())
                    .stream().map(Hashes::hex).toList());
            items.add(item);
        }
        Map<String, Object> publicKey = new LinkedHashMap<>();
        publicKey.put("algorithm", Ed25519Keys.ALGORITHM);
        publicKey.put("keyId", seal.key().keyId());
        publicKey.put("pem", Ed25519Keys.publicKeyPem(seal.key().publicKey()));
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("kind", trace.subject().kind());
        subject.put("ref", trace.subject().ref());
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("format", FORMAT);
        bundle.put("subject", subject);
        bundle.put("generatedAt", Times.render(clock.instant()));
        bundle.put("publicKey", publicKey);
        bundle.put("checkpoint", IntegrityController.view(checkpoint));
        bundle.put("events", items);
        String filename = "evidence-" + trace.subject().kind() + "-"
                + trace.subject().ref().replaceAll("[^A-Za-z0-9-]", "_") + ".json";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build()
                        .toString())
                .body(bundle);
    }

    private List<StoredEvent> storedEvents(Set<String> ids) {
        return events.atPositions(events.positionsOf(ids).values());
    }

    private Map<Long, SealStore.SealedLeaf> sealedLeaves(List<StoredEvent> events) {
        Map<Long, SealStore.SealedLeaf> leaves = seal.store().leavesAt(events.stream().map(StoredEvent::position).toList());
        for (StoredEvent event : events) {
            if (!leaves.containsKey(event.position())) {
                throw new IllegalStateException("the seal passed position " + event.position() + " without a leaf for it");
            }
        }
        return leaves;
    }

    /** Waits, bounded, until the seal holds the event at {@code position}. */
    private boolean awaitSealed(long position) throws InterruptedException {
        long deadline = System.nanoTime() + properties.evidenceWait().toNanos();
        while (seal.store().state().lastPosition() < position) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
