package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.web.Pages;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.api.web.Times;
import cn.huanxin.ledger.projections.fraud.AlertView;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The discipline office's investigations (docs/api.md, "Integrity: keys, checkpoints, proofs and verification"):
 * {@code POST /api/v1/investigations} re-runs the fraud rules, with other parameters if asked, over
 * a slice of history — read-only, on a scratch view, never touching the live views — and answers 202
 * with the investigation; {@code GET /api/v1/investigations/{id}} shows how far it is and the alerts
 * it found, paged like every list ({@code limit}, {@code cursor}), each in the shape of
 * {@code GET /api/v1/alerts}.
 */
@RestController
class InvestigationController {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final InvestigationRequestReader reader;
    private final InvestigationRunner runner;
    private final InvestigationRepository repository;
    private final ClientRegistry clients;

    InvestigationController(InvestigationRequestReader reader, InvestigationRunner runner,
                            InvestigationRepository repository, ClientRegistry clients) {
        this.reader = reader;
        this.runner = runner;
        this.repository = repository;
        this.clients = clients;
    }

    @PostMapping("/api/v1/investigations")
    ResponseEntity<?> start(@RequestBody(required = false) JsonNode body, Authentication authentication) {
        InvestigationRequest request = reader.read(body);
        Optional<String> id = runner.submit(request, clients.of(authentication).name());
        if (id.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(runner.retryAfterSeconds()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.unavailable("every investigation runner is busy and the queue is full; "
                            + "nothing was recorded, retry later"));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/investigations/" + id.get()))
                .contentType(MediaType.APPLICATION_JSON).body(answer(find(id.get()), null, Pages.limit(null)));
    }

    @GetMapping("/api/v1/investigations/{id}")
    ResponseEntity<?> show(@PathVariable String id, @RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) String cursor) {
        int pageLimit = Pages.limit(limit);
        String afterKey = Pages.afterKey(cursor);
        if (afterKey != null && !afterKey.matches("[0-9]{1,18}")) {
            throw new RequestProblem(Problems.invalid("cursor", "is not a cursor this ledger issued"));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(answer(find(id), afterKey, pageLimit));
    }

    private Investigation find(String id) {
        return (ID.matcher(id).matches() ? repository.find(id) : Optional.<Investigation>empty())
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no investigation " + id)));
    }

    private Map<String, Object> answer(Investigation investigation, String afterKey, int limit) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", investigation.id());
        answer.put("status", investigation.status().name());
        answer.put("progress", investigation.progress());
        answer.put("eventsRead", investigation.eventsRead());
        answer.put("eventsMatched", investigation.eventsMatched());
        answer.put("eventsTotal", investigation.eventsTotal());
        answer.put("from", investigation.from());
        answer.put("to", investigation.to());
        answer.put("regionCode", investigation.regionCode());
        answer.put("rules", investigation.rules());
        answer.put("requestedBy", investigation.requestedBy());
        answer.put("createdAt", time(investigation.createdAt()));
        answer.put("startedAt", time(investigation.startedAt()));
        answer.put("finishedAt", time(investigation.finishedAt()));
        answer.put("error", investigation.error());
        answer.put("alertsFound", investigation.alertsFound());
        InvestigationRepository.AlertPage alerts = repository.alerts(investigation.id(),
                afterKey == null ? 0 : Long.parseLong(afterKey), limit);
        // Rendered by the lists' own code, so that each alert has exactly the shape of GET /alerts.
        Map<?, ?> page = (Map<?, ?>) Pages.page(alerts.items(), AlertView.class, alerts.nextKey(), null).getBody();
        answer.put("alerts", page.get("items"));
        answer.put("nextCursor", page.get("nextCursor"));
        return answer;
    }

    private static String time(Instant instant) {
        return instant == null ? null : Times.render(instant);
    }
}
