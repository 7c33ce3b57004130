package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.LogTree;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.source.EventSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Integrity and replay (docs/api.md): the public key, signed checkpoints, inclusion and consistency
 * proofs, re-verification of the whole store, and checkpoints on demand for operators. Hashes are
 * lower-case hex, signatures standard base64 (docs/integrity.md).
 */
@RestController
class IntegrityController {

    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

    private final Seal seal;
    private final EventSource events;
    private final TransactionTemplate transactions;
    private final Verification verification;

    IntegrityController(Seal seal, EventSource events, TransactionTemplate transactions, Verification verification) {
        this.seal = seal;
        this.events = events;
        this.transactions = transactions;
        this.verification = verification;
    }

    @GetMapping("/api/v1/ledger/public-key")
    ResponseEntity<?> publicKey(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SigningKey key = seal.key();
        String pem = Ed25519Keys.publicKeyPem(key.publicKey());
        if (accept != null && accept.contains(PEM.toString())) {
            return ResponseEntity.ok().contentType(PEM).header("X-Key-Id", key.keyId()).body(pem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyId", key.keyId());
        body.put("algorithm", Ed25519Keys.ALGORITHM);
        body.put("pem", pem);
        return json(body);
    }

    @GetMapping("/api/v1/ledger/checkpoints/latest")
    ResponseEntity<?> latest() {
        return json(view(seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint)
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no checkpoint has been signed yet")))));
    }

    @GetMapping("/api/v1/ledger/checkpoints/{treeSize}")
    ResponseEntity<?> checkpoint(@PathVariable String treeSize) {
        long size = number("treeSize", treeSize, 1);
        return json(view(seal.store().checkpoint(size).map(SealStore.StoredCheckpoint::checkpoint)
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no checkpoint was signed at tree size "
                        + size)))));
    }

    @GetMapping("/api/v1/ledger/proofs/inclusion")
    ResponseEntity<?> inclusion(@RequestParam(required = false) String ledgerEventId,
                                @RequestParam(required = false) String treeSize) {
        if (ledgerEventId == null || ledgerEventId.isBlank()) {
            throw new RequestProblem(Problems.invalid("ledgerEventId", "is required"));
        }
        Long found = events.positionsOf(List.of(ledgerEventId)).get(ledgerEventId);
        if (found == null) {
            throw new RequestProblem(Problems.notFound("no event " + ledgerEventId + " in the ledger"));
        }
        long position = found;
        OptionalLong leafIndex = seal.store().leafIndexOf(position);
        if (leafIndex.isEmpty()) {
            throw new RequestProblem(Problems.notFound("event " + ledgerEventId + " is recorded but not sealed yet; "
                    + "ask again in a moment"));
        }
        long size = treeSize == null ? coveringCheckpointSize(leafIndex.getAsLong()) : number("treeSize", treeSize, 1);
        requireSealed(size);
        if (leafIndex.getAsLong() >= size) {
            throw new RequestProblem(Problems.invalid("treeSize", "event " + ledgerEventId + " is leaf "
                    + leafIndex.getAsLong() + ", which a tree of " + size + " leaves does not hold yet"));
        }
        List<byte[]> path = LogTree.inclusionProof(seal.store().subtrees(), leafIndex.getAsLong(), size);
        byte[] leafHash = seal.store().leaves(leafIndex.getAsLong(), 1).get(0).leafHash();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ledgerEventId", ledgerEventId);
        body.put("position", position);
        body.put("leafIndex", leafIndex.getAsLong());
        body.put("treeSize", size);
        body.put("leafHash", Hashes.hex(leafHash));
        body.put("auditPath", path.stream().map(Hashes::hex).toList());
        body.put("rootHash", Hashes.hex(seal.root(size)));
        body.put("checkpoint", seal.store().checkpoint(size).map(c -> view(c.checkpoint())).orElse(null));
        return json(body);
    }

    @GetMapping("/api/v1/ledger/proofs/consistency")
    ResponseEntity<?> consistency(@RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to) {
        long first = number("from", from, 0);
        long second = number("to", to, 1);
        if (first > second) {
            throw new RequestProblem(Problems.invalid("from", "must not be larger than to"));
        }
        requireSealed(second);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", first);
        body.put("to", second);
        body.put("proof", LogTree.consistencyProof(seal.store().subtrees(), first, second).stream()
                .map(Hashes::hex).toList());
        body.put("fromRootHash", Hashes.hex(seal.root(first)));
        body.put("toRootHash", Hashes.hex(seal.root(second)));
        return json(body);
    }

    @PostMapping("/api/v1/ledger/verify")
    ResponseEntity<?> verify(Authentication authentication) {
        return verification.runNow(authentication.getName()).<ResponseEntity<?>>map(IntegrityController::json)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "30")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(Problems.withCode(HttpStatus.TOO_MANY_REQUESTS, "VERIFY_RUNNING", "Verification running",
                                "a verification of the whole ledger is already running; ask again when it is done")));
    }

    /** Checkpoints on demand (docs/api.md, ADMIN): signs the whole sealed tree now, if it grew. */
    @PostMapping("/api/v1/admin/checkpoints")
    ResponseEntity<?> checkpointNow() {
        Seal.Signed signed = transactions.execute(status -> seal.checkpointNow());
        return ResponseEntity.status(signed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON).body(view(signed.checkpoint()));
    }

    static Map<String, Object> view(Checkpoint checkpoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("treeSize", checkpoint.treeSize());
        body.put("rootHash", checkpoint.rootHash());
        body.put("signedAt", checkpoint.signedAt());
        body.put("keyId", checkpoint.keyId());
        body.put("signature", checkpoint.signature());
        return body;
    }

    /**
     * The size of the latest checkpoint when it covers the leaf; otherwise a checkpoint of the whole
     * sealed tree is signed now, so that a proof asked for without a size always comes with a signed
     * root, also for an event sealed a moment ago.
     */
    private long coveringCheckpointSize(long leafIndex) {
        return seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint)
                .filter(checkpoint -> checkpoint.treeSize() > leafIndex)
                .orElseGet(() -> transactions.execute(status -> seal.checkpointNow()).checkpoint())
                .treeSize();
    }

    private void requireSealed(long size) {
        long sealed = seal.store().state().treeSize();
        if (size > sealed) {
            throw new RequestProblem(Problems.notFound("the sealed tree has " + sealed + " leaves, not " + size));
        }
    }

    private static long number(String field, String value, long min) {
        if (value == null || value.isBlank()) {
            throw new RequestProblem(Problems.invalid(field, "is required"));
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < min) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new RequestProblem(Problems.invalid(field, "must be a whole number of at least " + min));
        }
    }

    private static ResponseEntity<?> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
