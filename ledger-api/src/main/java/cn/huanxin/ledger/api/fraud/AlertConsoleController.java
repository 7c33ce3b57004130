package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.ingest.ItemResult;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Pages;
import cn.huanxin.ledger.api.web.QueryParameters;
import cn.huanxin.ledger.api.web.RequestIds;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertStatus;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.fraud.FindAlertsQuery;
import cn.huanxin.ledger.projections.fraud.FindRulesQuery;
import cn.huanxin.ledger.projections.fraud.RuleView;
import cn.huanxin.ledger.projections.fraud.Severity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's alerts inbox: the alerts of {@code GET /api/v1/alerts} with its filters (rule,
 * severity, status, region); one alert with its evidence events as the store holds them, its rule
 * with the parameters in force and what the rule looks for; and the disposition form, which records
 * the same {@code AlertDispositioned} event as {@code POST /api/v1/alerts/{id}/disposition}
 * ({@link AlertDispositions}). The decisions taken on an alert are read back from its own stream,
 * {@code alert:{alertId}}, so the page shows who decided what and when as soon as it is recorded,
 * while the alert's status follows once the fraud view has read the event.
 */
@Controller
@ConsolePage
class AlertConsoleController {

    private final QueryGateway queries;
    private final AlertDispositions dispositions;
    private final AlertEvents events;
    private final ClientRegistry clients;
    private final RegionTable regions;

    AlertConsoleController(QueryGateway queries, AlertDispositions dispositions, AlertEvents events,
                           ClientRegistry clients, RegionTable regions) {
        this.queries = queries;
        this.dispositions = dispositions;
        this.events = events;
        this.clients = clients;
        this.regions = regions;
    }

    @GetMapping("/console/alerts")
    String alerts(@RequestParam(required = false) String ruleId,
                  @RequestParam(required = false) String severity,
                  @RequestParam(required = false) String status,
                  @RequestParam(required = false) String regionCode,
                  @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to,
                  @RequestParam(required = false) String cursor,
                  Model model) {
        String afterKey = Pages.afterKey(cursor);
        AlertsView view = queries.query(new FindAlertsQuery(blankToNull(ruleId), AlertController.parse("status", status,
                AlertStatus.class), AlertController.parse("severity", severity, Severity.class), blankToNull(regionCode),
                AlertController.raisedBound("from", from, false), AlertController.raisedBound("to", to, true),
                afterKey, Pages.limit(null)), AlertsView.class).join();
        model.addAttribute("alerts", view.items().stream().map(ListResponses::json).toList());
        model.addAttribute("nextCursor", QueryParameters.cursor(view.nextKey()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("ruleId", orEmpty(ruleId));
        filters.put("severity", orEmpty(severity));
        filters.put("status", orEmpty(status));
        filters.put("regionCode", orEmpty(regionCode));
        filters.put("from", orEmpty(from));
        filters.put("to", orEmpty(to));
        model.addAttribute("filters", filters);
        model.addAttribute("rules", rules());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("statuses", AlertStatus.values());
        model.addAttribute("regions", regions.namesByCode());
        return "console/alerts";
    }

    @GetMapping("/console/alerts/{alertId}")
    String alert(@PathVariable String alertId, Model model) {
        AlertView alert = dispositions.alert(alertId);
        model.addAttribute("alert", ListResponses.json(alert));
        model.addAttribute("rule", rules().stream().filter(r -> r.ruleId().equals(alert.ruleId())).findFirst()
                .orElse(null));
        model.addAttribute("evidence", events.evidence(alert.evidence()));
        model.addAttribute("decisions", events.decisions(alertId));
        model.addAttribute("dispositionChoices", Disposition.values());
        model.addAttribute("maxReasonLength", AlertDispositions.MAX_REASON_LENGTH);
        return "console/alert";
    }

    /**
     * The disposition form. A choice or reason the API would refuse is shown on the form again with
     * what is wrong (400); a recorded decision leads back to the alert, which lists it.
     */
    @PostMapping("/console/alerts/{alertId}/disposition")
    String disposition(@PathVariable String alertId,
                       @RequestParam(required = false) String disposition,
                       @RequestParam(required = false) String reason,
                       Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                       Model model, RedirectAttributes redirect) {
        List<String> errors = new ArrayList<>();
        Disposition decided = Arrays.stream(Disposition.values()).filter(d -> d.name().equals(disposition))
                .findFirst().orElse(null);
        if (decided == null) {
            errors.add("alert.error.disposition");
        }
        if (reason == null || reason.isBlank()) {
            errors.add("alert.error.reasonMissing");
        } else if (reason.length() > AlertDispositions.MAX_REASON_LENGTH) {
            errors.add("alert.error.reasonTooLong");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", errors);
            model.addAttribute("chosen", orEmpty(disposition));
            model.addAttribute("reason", orEmpty(reason));
            return alert(alertId, model);
        }
        ItemResult result = dispositions.record(alertId, decided, reason, clients.of(authentication),
                RequestIds.of(request));
        if (!result.recorded()) {
            response.setStatus(result.status());
            model.addAttribute("errors", List.of("alert.error.notRecorded"));
            return alert(alertId, model);
        }
        redirect.addAttribute("recorded", "");
        return "redirect:/console/alerts/{alertId}";
    }

    private List<RuleView> rules() {
        return queries.query(new FindRulesQuery(), ResponseTypes.multipleInstancesOf(RuleView.class)).join();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
