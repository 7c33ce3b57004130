package cn.huanxin.ledger.api.query;

import cn.huanxin.ledger.api.ingest.Pseudonymizer;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.projections.supervision.FindTargetsQuery;
import cn.huanxin.ledger.projections.supervision.FindTraceQuery;
import cn.huanxin.ledger.projections.supervision.TargetRow;
import cn.huanxin.ledger.projections.supervision.TraceKind;
import cn.huanxin.ledger.projections.supervision.TraceView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * Full-chain supervision: {@code GET /api/v1/trace/{kind}/{ref}} and the plan's targets,
 * {@code GET /api/v1/targets?year=}. A person is looked up by ID number (DISCIPLINE only), which is
 * pseudonymised here exactly as at ingestion and never stored or logged.
 */
@RestController
class SupervisionController {

    private final QueryGateway queries;
    private final Pseudonymizer pseudonymizer;

    SupervisionController(QueryGateway queries, Pseudonymizer pseudonymizer) {
        this.queries = queries;
        this.pseudonymizer = pseudonymizer;
    }

    @GetMapping("/api/v1/trace/{kind}/{ref}")
    ResponseEntity<?> trace(@PathVariable String kind, @PathVariable String ref,
                            @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String knownAt) {
        TraceKind traceKind = TraceKind.fromWord(kind)
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no trace kind " + kind
                        + "; kinds are subsidy, vehicle, appliance, invoice, enterprise, fund, person")));
        String subjectRef = ref;
        if (traceKind == TraceKind.PERSON) {
            Optional<String> problem = ResidentIdNumber.problem(ref);
            if (problem.isPresent()) {
                throw new RequestProblem(Problems.invalid("ref", problem.get()));
            }
            subjectRef = pseudonymizer.idNumber(ref).value();
        }
        Optional<TraceView> view = queries.query(new FindTraceQuery(traceKind, subjectRef,
                        QueryParameters.time(asOf, knownAt)), ResponseTypes.optionalInstanceOf(TraceView.class))
                .join();
        TraceView trace = view.orElseThrow(() -> new RequestProblem(Problems.notFound(traceKind == TraceKind.PERSON
                ? "the ledger holds nothing about this person" : "no " + kind + " " + ref + " in the ledger")));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ListResponses.json(trace));
    }

    @GetMapping("/api/v1/targets")
    ResponseEntity<?> targets(@RequestParam(required = false) Integer year,
                              @RequestParam(required = false) String asOf,
                              @RequestParam(required = false) String knownAt,
                              @RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String cursor,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (year == null || year < 2000 || year > 2100) {
            throw new RequestProblem(Problems.invalid("year", "is required: a year from 2000 to 2100"));
        }
        List<TargetRow> rows = queries.query(new FindTargetsQuery(year, QueryParameters.time(asOf, knownAt)),
                ResponseTypes.multipleInstancesOf(TargetRow.class)).join();
        int from = offset(QueryParameters.afterKey(cursor));
        int size = QueryParameters.limit(limit);
        int to = Math.min(rows.size(), from + size);
        String nextKey = to < rows.size() ? Integer.toString(to) : null;
        return ListResponses.page(rows.subList(Math.min(from, rows.size()), to), TargetRow.class, nextKey, accept);
    }

    /** The target catalogue is small and fixed per year, so its cursor is a plain offset. */
    private static int offset(String afterKey) {
        if (afterKey == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(afterKey);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new RequestProblem(Problems.invalid("cursor", "is not a cursor this ledger issued"));
        }
    }
}
