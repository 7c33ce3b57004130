package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.supervision.TraceKind;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's integrity page: the latest signed checkpoint and the public key to check it with
 * ({@code GET /api/v1/ledger/checkpoints/latest}, {@code /ledger/public-key}); a verification of the
 * whole store, started here and run in the background by the same {@link Verification} as
 * {@code POST /api/v1/ledger/verify}, with its progress while it runs (the page reloads itself) and
 * its result; and, for the discipline office, a subject's evidence bundle as a file, exactly the
 * bundle of {@code GET /api/v1/evidence/{kind}/{ref}}. The operators' page signs checkpoints on
 * demand here, where checkpoints are kept.
 */
@Controller
@ConsolePage
class IntegrityConsoleController {

    static final int REFRESH_SECONDS = 2;
    static final String EVIDENCE = "GET /console/evidence/{kind}/{ref}";
    static final String PERSON_EVIDENCE = "POST /console/evidence/person";

    private final Seal seal;
    private final Verification verification;
    private final EvidenceController evidence;
    private final IntegrityController integrity;
    private final AccessPolicy policy;
    private final ClientRegistry clients;

    IntegrityConsoleController(Seal seal, Verification verification, EvidenceController evidence,
                               IntegrityController integrity, AccessPolicy policy, ClientRegistry clients) {
        this.seal = seal;
        this.verification = verification;
        this.evidence = evidence;
        this.integrity = integrity;
        this.policy = policy;
        this.clients = clients;
    }

    @GetMapping("/console/integrity")
    String integrity(Authentication authentication, Model model) {
        SigningKey key = seal.key();
        Verification.Status status = verification.status();
        model.addAttribute("checkpoint", seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint)
                .orElse(null));
        model.addAttribute("keyId", key.keyId());
        model.addAttribute("publicKey", Ed25519Keys.publicKeyPem(key.publicKey()));
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("running", status.running());
        shown.put("checked", status.checked());
        shown.put("head", status.head());
        shown.put("percent", status.percent());
        shown.put("lastResult", status.lastResult());
        shown.put("lastFinishedAt", status.lastFinishedAt());
        shown.put("lastStartedBy", status.lastStartedBy());
        model.addAttribute("verification", shown);
        model.addAttribute("running", status.running());
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        model.addAttribute("evidenceKinds", Arrays.stream(TraceKind.values()).filter(k -> k != TraceKind.PERSON)
                .map(TraceKind::word).toList());
        model.addAttribute("evidenceAllowed", policy.permits(EVIDENCE, Map.of("kind", "subsidy"),
                clients.of(authentication)));
        model.addAttribute("personEvidenceAllowed", policy.permits(PERSON_EVIDENCE, Map.of(),
                clients.of(authentication)));
        return "console/integrity";
    }

    /** Starts a verification, unless one runs already; either way the page then shows how far it is. */
    @PostMapping("/console/integrity/verify")
    String verify(Authentication authentication) {
        boolean started = verification.start(authentication.getName());
        return "redirect:/console/integrity" + (started ? "" : "?busy");
    }

    /**
     * A checkpoint signed now, for the operators' page, as {@code POST /api/v1/admin/checkpoints}
     * signs it; the page then shows the new latest checkpoint.
     */
    @PostMapping("/console/checkpoints")
    String checkpointNow(RedirectAttributes redirect) {
        integrity.checkpointNow();
        redirect.addAttribute("checkpointed", "");
        return "redirect:/console/operations";
    }

    /** The evidence form names the subject in the path, where the access policy decides on it. */
    @GetMapping("/console/evidence")
    String findEvidence(@RequestParam(required = false) String kind, @RequestParam(required = false) String ref) {
        if (kind == null || kind.isBlank() || ref == null || ref.isBlank()) {
            return "redirect:/console/integrity";
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/console/evidence/{kind}/{ref}")
                .buildAndExpand(kind.trim(), ref.trim()).encode().toUriString();
    }

    @GetMapping("/console/evidence/{kind}/{ref}")
    ResponseEntity<?> bundle(@PathVariable String kind, @PathVariable String ref) throws InterruptedException {
        return attachment(evidence.evidence(kind, ref), "evidence-" + kind + "-" + ref + ".json");
    }

    /**
     * A person's bundle, for the discipline office: the ID number travels in the form's body, so it
     * is in no URL (nor the browser's history, nor a proxy's log), and the file is named by the
     * person's pseudonym, which is what the bundle itself names.
     */
    @PostMapping("/console/evidence/person")
    ResponseEntity<?> personBundle(@RequestParam(required = false) String idNumber) throws InterruptedException {
        if (idNumber == null || idNumber.isBlank()) {
            throw new RequestProblem(Problems.invalid("idNumber", "is required"));
        }
        ResponseEntity<?> bundle = evidence.evidence(TraceKind.PERSON.word(), idNumber.trim());
        Object pseudonym = bundle.getBody() instanceof Map<?, ?> body && body.get("subject") instanceof Map<?, ?> subject
                ? subject.get("ref") : "bundle";
        return attachment(bundle, "evidence-person-" + pseudonym + ".json");
    }

    private static ResponseEntity<?> attachment(ResponseEntity<?> bundle, String filename) {
        return ResponseEntity.status(bundle.getStatusCode()).headers(headers -> {
            headers.putAll(bundle.getHeaders());
            headers.setContentDisposition(ContentDisposition.attachment()
                    .filename(filename, StandardCharsets.UTF_8).build());
        }).body(bundle.getBody());
    }
}
