package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.ingest.ItemResult;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.api.web.Pages;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestIds;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.projections.fraud.AlertStatus;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FindRulesQuery;
import cn.huanxin.ledger.projections.fraud.RuleView;
import cn.huanxin.ledger.projections.fraud.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fraud alerts: {@code GET /api/v1/alerts}, {@code GET /api/v1/rules}, and
 * {@code POST /api/v1/alerts/{alertId}/disposition}, which records the auditor's decision as an
 * {@code AlertDispositioned} event on stream {@code alert:{alertId}}; the alert's status follows
 * once the fraud view has read that event.
 */
@RestController
class AlertController {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static final int MAX_REASON_LENGTH = AlertDispositions.MAX_REASON_LENGTH;

    private final QueryGateway queries;
    private final AlertDispositions dispositions;
    private final ClientRegistry clients;

    AlertController(QueryGateway queries, AlertDispositions dispositions, ClientRegistry clients) {
        this.queries = queries;
        this.dispositions = dispositions;
        this.clients = clients;
    }

    @GetMapping("/api/v1/alerts")
    ResponseEntity<?> alerts(@RequestParam(required = false) String ruleId,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) String severity,
                             @RequestParam(required = false) String regionCode,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor,
                             @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String afterKey = Pages.afterKey(cursor);
        if (afterKey != null && !afterKey.matches("[0-9]{1,18}")) {
            throw new RequestProblem(Problems.invalid("cursor", "is not a cursor this ledger issued"));
        }
        AlertsView view = queries.query(new FindAlertsQuery(blankToNull(ruleId), parse("status", status, AlertStatus.class),
                parse("severity", severity, Severity.class), blankToNull(regionCode), raisedBound("from", from, false),
                raisedBound("to", to, true), afterKey, Pages.limit(limit)), AlertsView.class).join();
        return Pages.page(view.items(), AlertView.class, view.nextKey(), accept);
    }

    @GetMapping("/api/v1/rules")
    ResponseEntity<?> rules(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        List<RuleView> rules = queries.query(new FindRulesQuery(), ResponseTypes.multipleInstancesOf(RuleView.class))
                .join();
        return Pages.page(rules, RuleView.class, null, accept);
    }

    @PostMapping("/api/v1/alerts/{alertId}/disposition")
    ResponseEntity<?> disposition(@PathVariable String alertId, @RequestBody(required = false) JsonNode body,
                                  Authentication authentication, HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Disposition disposition = null;
        String reason = null;
        if (body == null || !body.isObject()) {
            throw new RequestProblem(Problems.invalid("", "the body is {\"disposition\": …, \"reason\": …}"));
        }
        JsonNode given = body.get("disposition");
        if (given == null || !given.isTextual()) {
            errors.add(new FieldError("disposition", "is required: CONFIRMED, DISMISSED or ESCALATED"));
        } else {
            disposition = Arrays.stream(Disposition.values()).filter(d -> d.name().equals(given.textValue()))
                    .findFirst().orElse(null);
            if (disposition == null) {
                errors.add(new FieldError("disposition", "must be one of CONFIRMED, DISMISSED, ESCALATED"));
            }
        }
        JsonNode reasonNode = body.get("reason");
        if (reasonNode == null || !reasonNode.isTextual() || reasonNode.textValue().isBlank()) {
            errors.add(new FieldError("reason", "is required"));
        } else if (reasonNode.textValue().length() > MAX_REASON_LENGTH) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON_LENGTH + " characters"));
        } else {
            reason = reasonNode.textValue();
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("disposition") && !name.equals("reason")) {
                errors.add(new FieldError(name, "is not a field of a disposition"));
            }
        });
        if (!errors.isEmpty()) {
            throw new RequestProblem(Problems.invalid(errors));
        }
        LedgerClient auditor = clients.of(authentication);
        ItemResult result = dispositions.record(alertId, disposition, reason, auditor, RequestIds.of(request));
        if (!result.recorded()) {
            return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(result.problem());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("alertId", alertId);
        answer.put("disposition", disposition.name());
        answer.put("reason", reason);
        answer.put("dispositionedBy", auditor.name());
        answer.put("receipt", result.receipt().toJson());
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    static <E extends Enum<E>> E parse(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(value)).findFirst()
                .orElseThrow(() -> new RequestProblem(Problems.invalid(name, "must be one of "
                        + Arrays.toString(type.getEnumConstants()))));
    }

    /**
     * A bound on when alerts were raised: a day ({@code 2024-09-01}, Asia/Shanghai; {@code to} takes the
     * whole day) or a time with its offset ({@code from} inclusive, {@code to} exclusive); null when
     * not given. A value that is neither is a 400 naming the parameter.
     */
    static Instant raisedBound(String name, String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            return (upper ? day.plusDays(1) : day).atStartOfDay(SHANGHAI).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new RequestProblem(Problems.invalid(name,
                        "must be a date (2024-09-01) or a time with its offset (2024-09-01T00:00:00+08:00)"));
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
