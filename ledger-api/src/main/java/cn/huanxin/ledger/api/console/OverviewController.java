package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.ConsoleSecurityConfiguration;
import cn.huanxin.ledger.api.web.ConsolePage;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's first page: the balances per fund and per county as a chart and a table, the trial
 * balance, the open alerts by severity, the latest signed checkpoint and, for operators, each view's
 * freshness (its lag, cluster-wide, as {@code GET /api/v1/admin/projections} counts it). Each panel is drawn from
 * the data of one API endpoint and shown only to a reader whom that endpoint serves, as the
 * {@link AccessPolicy} decides, so the overview never shows more than the API would.
 */
@Controller
@ConsolePage
class OverviewController {

    static final String BALANCES = "GET /api/v1/balances";
    static final String TRIAL = "GET /api/v1/balances/trial";
    static final String ALERTS = "GET /api/v1/alerts";
    static final String CHECKPOINT = "GET /api/v1/ledger/checkpoints/latest";
    static final String OPERATIONS = "GET /console/operations";

    private final Overview overview;
    private final AccessPolicy policy;
    private final ClientRegistry clients;
    private final ClusterStatus cluster;

    OverviewController(Overview overview, AccessPolicy policy, ClientRegistry clients, ClusterStatus cluster) {
        this.overview = overview;
        this.policy = policy;
        this.clients = clients;
        this.cluster = cluster;
    }

    @GetMapping(ConsoleSecurityConfiguration.CONSOLE)
    String overview(Authentication authentication, Model model) {
        LedgerClient client = clients.of(authentication);
        if (policy.permits(BALANCES, Map.of(), client)) {
            model.addAttribute("balances", overview.balances());
            // The chart library (1 MB) is loaded by the one page that draws charts.
            model.addAttribute("charts", true);
        }
        if (policy.permits(TRIAL, Map.of(), client)) {
            model.addAttribute("trial", overview.trial());
        }
        if (policy.permits(ALERTS, Map.of(), client)) {
            model.addAttribute("openAlerts", overview.openAlertsBySeverity());
        }
        if (policy.permits(CHECKPOINT, Map.of(), client)) {
            model.addAttribute("checkpoint", overview.latestCheckpoint().orElse(null));
            model.addAttribute("checkpointShown", true);
        }
        // The views' lag is the operators' (GET /api/v1/admin/projections): their overview shows each
        // view's freshness and leads to the page with the rest.
        boolean operations = policy.permits(OPERATIONS, Map.of(), client);
        model.addAttribute("operationsShown", operations);
        if (operations) {
            model.addAttribute("freshness", freshness());
        }
        return "console/overview";
    }

    /** Each view's lag and state, counted as the projections endpoint counts them. */
    private List<Map<String, Object>> freshness() {
        Long head = cluster.head();
        List<Map<String, Object>> views = new ArrayList<>();
        for (ClusterStatus.View view : cluster.views()) {
            Long lag = head == null ? null : view.lag(head);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", view.name());
            row.put("lag", lag);
            boolean atHead = lag != null && lag == 0 && !view.segments().isEmpty();
            row.put("state", view.replaying() && (lag == null || lag > 0) ? "replaying"
                    : lag == null ? "unknown" : !atHead ? "behind"
                    : cluster.pendingIndexes(view.name()).isEmpty() ? "caughtUp" : "indexing");
            views.add(row);
        }
        return views;
    }
}
