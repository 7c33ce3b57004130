package cn.huanxin.ledger.api.access;

import cn.huanxin.ledger.api.ingest.EnvelopeReader;
import cn.huanxin.ledger.api.ingest.EventTypeCatalog;
import cn.huanxin.ledger.api.ingest.IngestService;
import cn.huanxin.ledger.api.ingest.ItemResult;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Pseudonymizer;
import cn.huanxin.ledger.api.web.RequestIds;
import cn.huanxin.ledger.api.web.StoreUnavailableException;
import cn.huanxin.ledger.core.access.RecordSensitiveReadCommand;
import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.projections.supervision.TraceKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Records every sensitive read as a {@link SensitiveReadRecorded} event before it is served: a
 * person's trace, an evidence bundle, an investigation (started or read) and the history of a stream
 * that bears personal refs (subsidy, vehicle, appliance, reverse invoice). Runs after the access
 * policy has allowed the request, so only reads that are about to happen are recorded. If the read
 * cannot be recorded, it is not served (503): no read leaves no trace.
 *
 * <p>A person is named by pseudonym, computed exactly as at ingestion; an ID number that fails its
 * check is no read (the endpoint refuses it), so nothing is recorded for it.
 */
final class SensitiveReads implements HandlerInterceptor {

    static final EventTypeCatalog.EventType TYPE = EventTypeCatalog.internal(SensitiveReadRecorded.class,
            fact -> new RecordSensitiveReadCommand((SensitiveReadRecorded) fact));
    private static final Set<String> PERSON_BEARING_STREAMS = Set.of("subsidy", "vehicle", "appliance",
            "reverse-invoice");

    private final IngestService ingest;
    private final EnvelopeReader envelopes;
    private final ClientRegistry clients;
    private final Pseudonymizer pseudonymizer;
    private final Clock clock;

    SensitiveReads(IngestService ingest, EnvelopeReader envelopes, ClientRegistry clients, Pseudonymizer pseudonymizer,
                   Clock clock) {
        this.ingest = ingest;
        this.envelopes = envelopes;
        this.clients = clients;
        this.pseudonymizer = pseudonymizer;
        this.clock = clock;
    }

    /** What was read, as (kind, ref), for the endpoints that are sensitive reads. */
    record Subject(String kind, String ref) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)) {
            return true;
        }
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        // A HEAD request runs the GET handler: it is the same read.
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        String endpoint = method + " " + pattern;
        Optional<Subject> subject = subject(endpoint, variables == null ? Map.of() : variables, RequestIds.of(request))
                .or(() -> consoleSubject(endpoint, variables == null ? Map.of() : variables, request));
        if (subject.isEmpty()) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        LedgerClient client = clients.of(authentication);
        String accessId = UUID.randomUUID().toString();
        SensitiveReadRecorded read = new SensitiveReadRecorded(accessId, client.name(), client.role().name(), endpoint,
                subject.get().kind(), subject.get().ref());
        ItemResult result = ingest.record(client, RequestIds.of(request), List.of(envelopes.internal(
                "access-" + accessId, TYPE, clock.instant(), read))).get(0);
        if (!result.recorded()) {
            throw new StoreUnavailableException("the read could not be recorded in the access log, so it is not served",
                    null);
        }
        return true;
    }

    Optional<Subject> subject(String endpoint, Map<String, String> variables, String requestId) {
        return switch (endpoint) {
            case "GET /api/v1/trace/{kind}/{ref}" -> TraceKind.fromWord(variables.get("kind"))
                    .filter(TraceKind.PERSON::equals).flatMap(kind -> person(variables.get("ref")));
            case "GET /api/v1/evidence/{kind}/{ref}" -> TraceKind.fromWord(variables.get("kind"))
                    .flatMap(kind -> kind == TraceKind.PERSON ? person(variables.get("ref"))
                            : Optional.of(new Subject(kind.word(), variables.get("ref"))));
            case "POST /api/v1/investigations" -> Optional.of(new Subject("investigation-request", requestId));
            case "GET /api/v1/investigations/{id}" -> Optional.of(new Subject("investigation", variables.get("id")));
            case "GET /api/v1/history/{streamId}" -> personBearing(variables.get("streamId"));
            default -> Optional.empty();
        };
    }

    /**
     * The console's pages that show what a sensitive endpoint shows are the same reads: a person's
     * trace (by path, or by the look-up form's {@code idNumber}), an evidence bundle, a
     * person-bearing history, and an investigation started or read.
     */
    Optional<Subject> consoleSubject(String endpoint, Map<String, String> variables, HttpServletRequest request) {
        return switch (endpoint) {
            case "GET /console/trace/{kind}/{ref}" -> TraceKind.fromWord(variables.get("kind"))
                    .filter(TraceKind.PERSON::equals).flatMap(kind -> person(variables.get("ref")));
            case "POST /console/trace/person", "POST /console/evidence/person" ->
                    person(request.getParameter("idNumber"));
            case "GET /console/evidence/{kind}/{ref}" -> subject("GET /api/v1/evidence/{kind}/{ref}", variables,
                    RequestIds.of(request));
            case "GET /console/history/{streamId}" -> personBearing(variables.get("streamId"));
            case "POST /console/investigations" ->
                    Optional.of(new Subject("investigation-request", RequestIds.of(request)));
            case "GET /console/investigations/{id}" -> Optional.of(new Subject("investigation", variables.get("id")));
            default -> Optional.empty();
        };
    }

    private Optional<Subject> person(String idNumber) {
        if (idNumber == null || ResidentIdNumber.problem(idNumber).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Subject("person", pseudonymizer.idNumber(idNumber).value()));
    }

    private static Optional<Subject> personBearing(String streamId) {
        int colon = streamId == null ? -1 : streamId.indexOf(':');
        if (colon < 0 || !PERSON_BEARING_STREAMS.contains(streamId.substring(0, colon))) {
            return Optional.empty();
        }
        return Optional.of(new Subject("stream", streamId));
    }
}
