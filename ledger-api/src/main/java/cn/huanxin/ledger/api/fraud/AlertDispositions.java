package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.ingest.EnvelopeReader;
import cn.huanxin.ledger.api.ingest.EventTypeCatalog;
import cn.huanxin.ledger.api.ingest.IngestService;
import cn.huanxin.ledger.api.ingest.ItemResult;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.core.alert.RecordAlertDispositionedCommand;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FindAlertQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records an auditor's decision on an alert as an {@code AlertDispositioned} event on stream
 * {@code alert:{alertId}}, through ingestion like every other fact: the API's endpoint and the
 * console's form both record here, so a decision taken in a browser is the same event, with the
 * same checks, as one posted by a machine.
 */
@Component
class AlertDispositions {

    static final int MAX_REASON_LENGTH = 2_000;
    private static final EventTypeCatalog.EventType DISPOSITION = EventTypeCatalog.internal(
            AlertDispositioned.class, fact -> new RecordAlertDispositionedCommand((AlertDispositioned) fact));

    private final QueryGateway queries;
    private final IngestService ingest;
    private final EnvelopeReader envelopes;
    private final Clock clock;

    AlertDispositions(QueryGateway queries, IngestService ingest, EnvelopeReader envelopes, Clock clock) {
        this.queries = queries;
        this.ingest = ingest;
        this.envelopes = envelopes;
        this.clock = clock;
    }

    /** The alert, or a 404 problem when the fraud view knows no such alert. */
    AlertView alert(String alertId) {
        Optional<AlertView> alert = queries.query(new FindAlertQuery(alertId),
                ResponseTypes.optionalInstanceOf(AlertView.class)).join();
        return alert.orElseThrow(() -> new RequestProblem(Problems.notFound("no alert " + alertId)));
    }

    /**
     * Records the decision of {@code auditor} on an alert that exists; the disposition and reason
     * have been checked by the caller (the form of each caller's input differs, the checks do not).
     */
    ItemResult record(String alertId, Disposition disposition, String reason, LedgerClient auditor, String requestId) {
        alert(alertId);
        AlertDispositioned fact = new AlertDispositioned(alertId, disposition, reason, auditor.name());
        return ingest.record(auditor, requestId, List.of(envelopes.internal(
                "disposition-" + UUID.randomUUID(), DISPOSITION, clock.instant(), fact))).get(0);
    }
}
