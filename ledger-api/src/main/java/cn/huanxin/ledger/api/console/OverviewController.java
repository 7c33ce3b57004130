package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.ConsoleSecurityConfiguration;
import cn.huanxin.ledger.api.web.ConsolePage;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Map;

/**
 * The console's first page: the balances per fund and per county as a chart and a table, the trial
 * balance, the open alerts by severity and the latest signed checkpoint. Each panel is drawn from
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

    OverviewController(Overview overview, AccessPolicy policy, ClientRegistry clients) {
        this.overview = overview;
        this.policy = policy;
        this.clients = clients;
    }

    @GetMapping(ConsoleSecurityConfiguration.CONSOLE)
    String overview(Authentication authentication, Model model) {
        LedgerClient client = clients.of(authentication);
        if (policy.permits(BALANCES, Map.of(), client)) {
            model.addAttribute("balances", overview.balances());
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
        // The views' lag is the operators' (GET /api/v1/admin/projections): their overview leads to
        // the page that shows it, drawn by the controller that answers that endpoint.
        model.addAttribute("operationsShown", policy.permits(OPERATIONS, Map.of(), client));
        return "console/overview";
    }
}
