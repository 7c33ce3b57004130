package cn.huanxin.ledger.api.balance;

import cn.huanxin.ledger.api.web.ConsoleFormat;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.QueryParameters;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.balance.Accounts;
import cn.huanxin.ledger.projections.balance.BalanceRow;
import cn.huanxin.ledger.projections.balance.BalancesView;
import cn.huanxin.ledger.projections.balance.FindBalancesQuery;
import cn.huanxin.ledger.projections.balance.FindPostingsQuery;
import cn.huanxin.ledger.projections.balance.PostingsView;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's balances: the rows of {@code GET /api/v1/balances} with its filters (fund, region,
 * programme, {@code asOf}, {@code knownAt}), a page at a time; each figure that is an account's
 * balance leads to that account's postings ({@code GET /api/v1/accounts/{id}/postings}); and the
 * same rows as the API's CSV, as a download. It asks the same queries with the same checks as
 * {@link BalanceController}, so it shows what the API answers, and refuses what the API refuses.
 */
@Controller
@ConsolePage
class BalanceConsoleController {

    private final QueryGateway queries;
    private final RegionTable regions;

    BalanceConsoleController(QueryGateway queries, RegionTable regions) {
        this.queries = queries;
        this.regions = regions;
    }

    @GetMapping("/console/balances")
    String balances(@RequestParam(required = false) String fundId,
                    @RequestParam(required = false) String regionCode,
                    @RequestParam(required = false) String programme,
                    @RequestParam(required = false) String asOf,
                    @RequestParam(required = false) String knownAt,
                    @RequestParam(required = false) String cursor,
                    Model model) {
        BalancesView view = find(fundId, regionCode, programme, asOf, knownAt, cursor, QueryParameters.DEFAULT_LIMIT);
        model.addAttribute("rows", view.items().stream().map(this::row).toList());
        model.addAttribute("nextCursor", QueryParameters.cursor(view.nextKey()));
        model.addAttribute("filters", filters(fundId, regionCode, programme, asOf, knownAt));
        model.addAttribute("programmes", Programme.values());
        model.addAttribute("regions", regions.namesByCode());
        return "console/balances";
    }

    /** The rows as the API's CSV (UTF-8 with a byte-order mark), as a file to save. */
    @GetMapping("/console/balances.csv")
    ResponseEntity<?> csv(@RequestParam(required = false) String fundId,
                          @RequestParam(required = false) String regionCode,
                          @RequestParam(required = false) String programme,
                          @RequestParam(required = false) String asOf,
                          @RequestParam(required = false) String knownAt,
                          @RequestParam(required = false) String cursor) {
        BalancesView view = find(fundId, regionCode, programme, asOf, knownAt, cursor, QueryParameters.MAX_LIMIT);
        ResponseEntity<?> csv = ListResponses.page(view.items(), BalanceRow.class, view.nextKey(),
                ListResponses.CSV.toString());
        return ResponseEntity.status(csv.getStatusCode()).headers(headers -> {
            headers.putAll(csv.getHeaders());
            headers.setContentDisposition(ContentDisposition.attachment()
                    .filename("balances.csv", StandardCharsets.UTF_8).build());
        }).body(csv.getBody());
    }

    @GetMapping("/console/accounts/{accountId}/postings")
    String postings(@PathVariable String accountId,
                    @RequestParam(required = false) String asOf,
                    @RequestParam(required = false) String knownAt,
                    @RequestParam(required = false) String cursor,
                    Model model) {
        String known = ConsoleFormat.knownAt(knownAt);
        PostingsView view = queries.query(new FindPostingsQuery(accountId, QueryParameters.time(asOf, known),
                QueryParameters.afterKey(cursor), QueryParameters.DEFAULT_LIMIT), PostingsView.class).join();
        model.addAttribute("accountId", accountId);
        model.addAttribute("postings", view.items().stream().map(ListResponses::json).toList());
        model.addAttribute("nextCursor", QueryParameters.cursor(view.nextKey()));
        model.addAttribute("filters", filters(null, null, null, asOf, knownAt));
        return "console/postings";
    }

    private BalancesView find(String fundId, String regionCode, String programme, String asOf, String knownAt,
                              String cursor, int limit) {
        return queries.query(new FindBalancesQuery(BalanceController.blankToNull(fundId),
                BalanceController.blankToNull(regionCode), BalanceController.programme(programme),
                QueryParameters.time(asOf, ConsoleFormat.knownAt(knownAt)), QueryParameters.afterKey(cursor), limit),
                BalancesView.class).join();
    }

    /** A row as the API renders it, with the ids of the accounts behind its three balances. */
    private Map<String, Object> row(BalanceRow row) {
        Map<String, Object> rendered = new LinkedHashMap<>(ListResponses.json(row));
        rendered.put("regionName", regions.namesByCode().getOrDefault(row.regionCode(), ""));
        rendered.put("quotaAccount", Accounts.quota(row.fundId(), row.regionCode()));
        rendered.put("committedAccount", Accounts.committed(row.fundId(), row.regionCode()));
        rendered.put("paidAccount", Accounts.paid(row.fundId(), row.regionCode()));
        return rendered;
    }

    /** The filters as given, to fill the form again and to carry into the next page and the CSV. */
    private static Map<String, String> filters(String fundId, String regionCode, String programme, String asOf,
                                               String knownAt) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("fundId", fundId == null ? "" : fundId);
        filters.put("regionCode", regionCode == null ? "" : regionCode);
        filters.put("programme", programme == null ? "" : programme);
        filters.put("asOf", asOf == null ? "" : asOf);
        filters.put("knownAt", knownAt == null ? "" : knownAt);
        return filters;
    }
}
