package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.api.security.Pseudonymizer;
import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FindMerchantAlertsQuery;
import cn.huanxin.ledger.projections.supervision.FindTraceQuery;
import cn.huanxin.ledger.projections.supervision.TraceKind;
import cn.huanxin.ledger.projections.supervision.TraceView;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full-chain trace of a subject named in a URL ({@code /{kind}/{ref}}), for the trace and the
 * evidence endpoints alike: the kind must be one of the seven, and a person's ref is an ID number,
 * checked and pseudonymised here exactly as at ingestion, never stored or logged.
 */
@Component
public class Traces {

    private final QueryGateway queries;
    private final Pseudonymizer pseudonymizer;

    Traces(QueryGateway queries, Pseudonymizer pseudonymizer) {
        this.queries = queries;
        this.pseudonymizer = pseudonymizer;
    }

    /** The most alerts a trace lists; the alerts endpoint pages through the rest. */
    static final int MAX_ALERTS = 200;

    /**
     * The trace as the API and the console answer it: the trace's own fields, and for an enterprise
     * the alerts about it as a merchant ({@code alerts}: R22's marked-up models, R24's burst days),
     * oldest first, at most {@value #MAX_ALERTS}, each as {@code GET /api/v1/alerts/{id}} shows it.
     * The alerts are the fraud view's as it stands now: alerts have no past states to ask for.
     */
    public Map<String, Object> answer(TraceView trace) {
        Map<String, Object> json = ListResponses.json(trace);
        if (TraceKind.ENTERPRISE.word().equals(trace.subject().kind())) {
            List<AlertView> alerts = queries.query(new FindMerchantAlertsQuery(trace.subject().ref(), MAX_ALERTS),
                    ResponseTypes.multipleInstancesOf(AlertView.class)).join();
            json.put("alerts", alerts.stream().map(ListResponses::json).toList());
        }
        return json;
    }

    /**
     * The trace as the ledger stood at {@code time}.
     *
     * @throws RequestProblem 404 for an unknown kind or a subject the ledger does not hold, 400 for
     *                        an ill-formed ID number
     */
    public TraceView trace(String kind, String ref, Bitemporal time) {
        TraceKind traceKind = TraceKind.fromWord(kind)
                .orElseThrow(() -> new RequestProblem(Problems.notFound(
                        "no such trace kind; kinds are subsidy, vehicle, appliance, invoice, enterprise, fund, person")));
        String subjectRef = ref;
        if (traceKind == TraceKind.PERSON) {
            Optional<String> problem = ResidentIdNumber.problem(ref);
            if (problem.isPresent()) {
                throw new RequestProblem(Problems.invalid("ref", problem.get()));
            }
            subjectRef = pseudonymizer.idNumber(ref).value();
        }
        return queries.query(new FindTraceQuery(traceKind, subjectRef, time),
                        ResponseTypes.optionalInstanceOf(TraceView.class)).join()
                // The answer never repeats the ref: whatever a caller put in the URL (an ID number
                // where a subsidy id belongs) must not come back in a response.
                .orElseThrow(() -> new RequestProblem(Problems.notFound(traceKind == TraceKind.PERSON
                        ? "the ledger holds nothing about this person"
                        : "the ledger holds no " + traceKind.word() + " of this ref")));
    }
}
