package cn.huanxin.ledger.api.balance;

import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.QueryParameters;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.balance.BalanceRow;
import cn.huanxin.ledger.projections.balance.BalancesView;
import cn.huanxin.ledger.projections.balance.FindBalancesQuery;
import cn.huanxin.ledger.projections.balance.FindPostingsQuery;
import cn.huanxin.ledger.projections.balance.FindTrialBalanceQuery;
import cn.huanxin.ledger.projections.balance.PostingView;
import cn.huanxin.ledger.projections.balance.PostingsView;
import cn.huanxin.ledger.projections.balance.TrialBalanceView;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fund balances for the auditors: {@code GET /api/v1/balances}, {@code /balances/trial} and
 * {@code /accounts/{accountId}/postings}, answered from the double-entry balance view.
 */
@RestController
class BalanceController {

    private final QueryGateway queries;

    BalanceController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/balances")
    ResponseEntity<?> balances(@RequestParam(required = false) String fundId,
                               @RequestParam(required = false) String regionCode,
                               @RequestParam(required = false) String programme,
                               @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) String knownAt,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Bitemporal time = QueryParameters.time(asOf, knownAt);
        BalancesView view = queries.query(new FindBalancesQuery(blankToNull(fundId), blankToNull(regionCode),
                programme(programme), time, QueryParameters.afterKey(cursor), QueryParameters.limit(limit)),
                BalancesView.class).join();
        return ListResponses.page(view.items(), BalanceRow.class, view.nextKey(), accept);
    }

    @GetMapping("/api/v1/balances/trial")
    ResponseEntity<Map<String, Object>> trial(@RequestParam(required = false) String asOf,
                                              @RequestParam(required = false) String knownAt) {
        TrialBalanceView view = queries.query(new FindTrialBalanceQuery(QueryParameters.time(asOf, knownAt)),
                TrialBalanceView.class).join();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("debits", view.debits().toString());
        body.put("credits", view.credits().toString());
        body.put("balanced", view.balanced());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/v1/accounts/{accountId}/postings")
    ResponseEntity<?> postings(@PathVariable String accountId,
                               @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) String knownAt,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PostingsView view = queries.query(new FindPostingsQuery(accountId, QueryParameters.time(asOf, knownAt),
                QueryParameters.afterKey(cursor), QueryParameters.limit(limit)), PostingsView.class).join();
        return ListResponses.page(view.items(), PostingView.class, view.nextKey(), accept);
    }

    static Programme programme(String programme) {
        if (programme == null || programme.isBlank()) {
            return null;
        }
        return Arrays.stream(Programme.values()).filter(p -> p.name().equals(programme)).findFirst()
                .orElseThrow(() -> new RequestProblem(Problems.invalid("programme", "must be one of "
                        + Arrays.toString(Programme.values()))));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
