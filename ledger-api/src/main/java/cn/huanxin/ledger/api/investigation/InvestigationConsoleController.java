package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FindAlertQuery;
import cn.huanxin.ledger.projections.fraud.FindRulesQuery;
import cn.huanxin.ledger.projections.fraud.RuleView;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discipline office's investigations in the console: a form that picks a slice of history
 * (from, to, a region) and overrides rule parameters, one {@code RULE.parameter = value} a line,
 * read by the API's own {@link InvestigationRequestReader} and run by the same
 * {@link InvestigationRunner} as {@code POST /api/v1/investigations}; and the investigation's page,
 * which reloads itself while the investigation runs (a progress bar of the events read), then lists
 * the alerts it found, each compared with the live view: the same alert there, and in which status,
 * or none. Starting and reading an investigation are sensitive reads, recorded like the API's.
 */
@Controller
@ConsolePage
class InvestigationConsoleController {

    /** How often the page of a running investigation reloads itself, in seconds. */
    static final int REFRESH_SECONDS = 2;
    /** The alerts an investigation's page lists; the API pages through the rest. */
    static final int SHOWN_ALERTS = 500;
    private static final Pattern OVERRIDE = Pattern.compile("\\s*(R[0-9]{2})\\.([a-z0-9-]+)\\s*=\\s*(\\S.*?)\\s*");

    private final InvestigationRequestReader reader;
    private final InvestigationRunner runner;
    private final InvestigationRepository repository;
    private final ClientRegistry clients;
    private final QueryGateway queries;
    private final RegionTable regions;

    InvestigationConsoleController(InvestigationRequestReader reader, InvestigationRunner runner,
                                   InvestigationRepository repository, ClientRegistry clients, QueryGateway queries,
                                   RegionTable regions) {
        this.reader = reader;
        this.runner = runner;
        this.repository = repository;
        this.clients = clients;
        this.queries = queries;
        this.regions = regions;
    }

    @GetMapping("/console/investigations")
    String form(Model model) {
        model.addAttribute("rules", queries.query(new FindRulesQuery(),
                ResponseTypes.multipleInstancesOf(RuleView.class)).join());
        model.addAttribute("regions", regions.namesByCode());
        return "console/investigations";
    }

    @PostMapping("/console/investigations")
    String start(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                 @RequestParam(required = false) String regionCode, @RequestParam(required = false) String overrides,
                 Authentication authentication) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("from", from == null ? "" : from);
        body.put("to", to == null ? "" : to);
        if (regionCode != null && !regionCode.isBlank()) {
            body.put("regionCode", regionCode);
        }
        ObjectNode rules = parseOverrides(overrides);
        if (!rules.isEmpty()) {
            body.set("rules", rules);
        }
        Optional<String> id = runner.submit(reader.read(body), clients.of(authentication).name());
        if (id.isEmpty()) {
            throw new RequestProblem(Problems.unavailable("every investigation runner is busy and the queue is full; "
                    + "nothing was recorded, retry later"));
        }
        return "redirect:/console/investigations/" + id.get();
    }

    @GetMapping("/console/investigations/{id}")
    String show(@PathVariable String id, Model model) {
        Investigation investigation = repository.find(id)
                .orElseThrow(() -> new RequestProblem(Problems.notFound("no investigation " + id)));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (AlertView found : repository.alerts(id, 0, SHOWN_ALERTS).items()) {
            Map<String, Object> row = new LinkedHashMap<>(ListResponses.json(found));
            Optional<AlertView> live = queries.query(new FindAlertQuery(found.alertId()),
                    ResponseTypes.optionalInstanceOf(AlertView.class)).join();
            row.put("liveStatus", live.map(alert -> alert.status().name()).orElse(null));
            alerts.add(row);
        }
        boolean running = investigation.status() == InvestigationStatus.QUEUED
                || investigation.status() == InvestigationStatus.RUNNING;
        model.addAttribute("investigation", investigation);
        model.addAttribute("percent", Math.round(investigation.progress() * 100));
        model.addAttribute("running", running);
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        model.addAttribute("alerts", alerts);
        model.addAttribute("alsoLive", alerts.stream().filter(a -> a.get("liveStatus") != null).count());
        return "console/investigation";
    }

    /**
     * The form's overrides, one {@code R08.max-subsidies = 2} a line, as the API's
     * {@code rules} object; a line in another form is refused (400) naming its number.
     */
    static ObjectNode parseOverrides(String text) {
        ObjectNode rules = JsonNodeFactory.instance.objectNode();
        if (text == null) {
            return rules;
        }
        List<FieldError> errors = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher line = OVERRIDE.matcher(lines[i]);
            if (!line.matches()) {
                errors.add(new FieldError("rules", "line " + (i + 1) + " is not RULE.parameter = value"));
                continue;
            }
            ObjectNode rule = rules.has(line.group(1)) ? (ObjectNode) rules.get(line.group(1))
                    : rules.putObject(line.group(1));
            rule.put(line.group(2), line.group(3));
        }
        if (!errors.isEmpty()) {
            throw new RequestProblem(Problems.invalid(errors));
        }
        return rules;
    }
}
