package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.QueryParameters;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.projections.supervision.FindTargetsQuery;
import cn.huanxin.ledger.projections.supervision.TargetRow;
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

/**
 * Full-chain supervision: {@code GET /api/v1/trace/{kind}/{ref}} and the plan's targets,
 * {@code GET /api/v1/targets?year=}. A person is looked up by ID number (DISCIPLINE only), which
 * {@link Traces} pseudonymises exactly as at ingestion and never stores or logs.
 */
@RestController
class SupervisionController {

    private final QueryGateway queries;
    private final Traces traces;

    SupervisionController(QueryGateway queries, Traces traces) {
        this.queries = queries;
        this.traces = traces;
    }

    @GetMapping("/api/v1/trace/{kind}/{ref}")
    ResponseEntity<?> trace(@PathVariable String kind, @PathVariable String ref,
                            @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String knownAt) {
        TraceView trace = traces.trace(kind, ref, QueryParameters.time(asOf, knownAt));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(traces.answer(trace));
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
