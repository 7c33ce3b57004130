package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.web.ConsoleFormat;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.ListResponses;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.QueryParameters;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.projections.supervision.FindTargetsQuery;
import cn.huanxin.ledger.projections.supervision.TargetRow;
import cn.huanxin.ledger.projections.supervision.TraceKind;
import cn.huanxin.ledger.projections.supervision.TraceView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's full-chain supervision: the trace of a subsidy, vehicle, appliance, invoice,
 * enterprise or fund drawn as its stages ({@code GET /api/v1/trace/{kind}/{ref}}), and the plan's
 * targets with their progress, grouped by lead department ({@code GET /api/v1/targets}).
 *
 * <p>A search names the subject in the page's path, {@code /console/trace/{kind}/{ref}}, so that the
 * access policy decides on it exactly as on the API's path: a person there is the discipline office's
 * alone, however the URL is spelled or edited. The discipline office's look-up form posts the ID
 * number in the body instead, so it never appears in a URL; both are recorded as sensitive reads
 * before they are shown, like the API's.
 */
@Controller
@ConsolePage
class SupervisionConsoleController {

    /** The years of the plan: the 2024 tasks and the 2027 goals. */
    static final List<Integer> PLAN_YEARS = List.of(2024, 2027);
    static final String PERSON_LOOK_UP = "POST /console/trace/person";

    private final Traces traces;
    private final QueryGateway queries;
    private final AccessPolicy policy;
    private final ClientRegistry clients;

    SupervisionConsoleController(Traces traces, QueryGateway queries, AccessPolicy policy, ClientRegistry clients) {
        this.traces = traces;
        this.queries = queries;
        this.policy = policy;
        this.clients = clients;
    }

    @GetMapping("/console/trace")
    String search(@RequestParam(required = false) String kind, @RequestParam(required = false) String ref,
                  Authentication authentication, Model model) {
        if (kind != null && !kind.isBlank() && ref != null && !ref.isBlank()) {
            return "redirect:" + UriComponentsBuilder.fromPath("/console/trace/{kind}/{ref}")
                    .buildAndExpand(kind.trim(), ref.trim()).encode().toUriString();
        }
        searchForm(authentication, model, kind);
        return "console/trace";
    }

    @GetMapping("/console/trace/{kind}/{ref}")
    String trace(@PathVariable String kind, @PathVariable String ref,
                 @RequestParam(required = false) String asOf, @RequestParam(required = false) String knownAt,
                 Authentication authentication, Model model) {
        TraceView trace = traces.trace(kind, ref, QueryParameters.time(asOf, ConsoleFormat.knownAt(knownAt)));
        searchForm(authentication, model, kind);
        model.addAttribute("ref", ref);
        model.addAttribute("trace", traces.answer(trace));
        return "console/trace";
    }

    /** The person look-up: the ID number travels in the form's body, and the page never repeats it. */
    @PostMapping("/console/trace/person")
    String person(@RequestParam(required = false) String idNumber, Authentication authentication, Model model) {
        if (idNumber == null || idNumber.isBlank()) {
            throw new RequestProblem(Problems.invalid("idNumber", "is required"));
        }
        TraceView trace = traces.trace(TraceKind.PERSON.word(), idNumber.trim(), QueryParameters.time(null, null));
        searchForm(authentication, model, TraceKind.PERSON.word());
        model.addAttribute("trace", traces.answer(trace));
        return "console/trace";
    }

    @GetMapping("/console/targets")
    String targets(@RequestParam(required = false) Integer year, Model model) {
        int shown = year == null ? PLAN_YEARS.get(0) : year;
        if (shown < 2000 || shown > 2100) {
            throw new RequestProblem(Problems.invalid("year", "is required: a year from 2000 to 2100"));
        }
        List<TargetRow> rows = queries.query(new FindTargetsQuery(shown, QueryParameters.time(null, null)),
                ResponseTypes.multipleInstancesOf(TargetRow.class)).join();
        Map<String, List<Map<String, Object>>> byDepartment = new LinkedHashMap<>();
        for (TargetRow row : rows) {
            Map<String, Object> rendered = new LinkedHashMap<>(ListResponses.json(row));
            // A progress bar is drawn up to its end: a target passed shows full, its figure says by how much.
            rendered.put("percent", row.progress().movePointRight(2).setScale(1, RoundingMode.HALF_UP)
                    .toPlainString());
            rendered.put("bar", row.progress().min(BigDecimal.ONE).max(BigDecimal.ZERO)
                    .toPlainString());
            byDepartment.computeIfAbsent(row.leadDepartment(), d -> new ArrayList<>()).add(rendered);
        }
        model.addAttribute("year", shown);
        model.addAttribute("years", PLAN_YEARS);
        model.addAttribute("departments", byDepartment);
        return "console/targets";
    }

    private void searchForm(Authentication authentication, Model model, String kind) {
        model.addAttribute("kinds", Arrays.stream(TraceKind.values()).filter(k -> k != TraceKind.PERSON)
                .map(TraceKind::word).toList());
        model.addAttribute("kind", kind == null ? "" : kind);
        model.addAttribute("personLookUp", policy.permits(PERSON_LOOK_UP, Map.of(), clients.of(authentication)));
    }
}
