package cn.huanxin.ledger.api.admin;

import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' page of the console: each view's processor with its position, the head of the
 * store, its lag and whether it is replaying, exactly as {@code GET /api/v1/admin/projections}
 * answers (the same controller computes both); a rebuild button per view, which does what
 * {@code POST /api/v1/admin/projections/{name}/rebuild} does, after which the page reloads itself
 * and shows the rebuild's progress (position over head) until every view has caught up, or says
 * that the rebuild did not start and why (the API's code); the nodes holding each view; and the
 * latest checkpoint with the button that signs one now ({@code POST /console/checkpoints}).
 */
@Controller
@ConsolePage
class OperationsConsoleController {

    static final int REFRESH_SECONDS = 2;

    private final ProjectionAdminController projections;
    private final Seal seal;

    OperationsConsoleController(ProjectionAdminController projections, Seal seal) {
        this.projections = projections;
        this.seal = seal;
    }

    @GetMapping("/console/operations")
    @SuppressWarnings("unchecked")
    String operations(Model model) {
        Map<String, Object> answer = projections.projections().getBody();
        List<Map<String, Object>> views = new ArrayList<>();
        boolean moving = false;
        for (Object item : (List<?>) answer.get("items")) {
            Map<String, Object> view = new LinkedHashMap<>();
            ((Map<?, ?>) item).forEach((key, value) -> view.put(String.valueOf(key), value));
            // The head is unknown while Axon Server cannot be reached: no progress is made up then.
            Number head = (Number) view.get("head");
            long position = Math.max(0, ((Number) view.get("position")).longValue());
            view.put("percent", head == null ? null : head.longValue() <= 0 ? 100
                    : Math.min(100, Math.round(100.0 * position / head.longValue())));
            view.put("nodes", String.join(", ", (List<String>) view.get("owners")));
            moving |= Boolean.TRUE.equals(view.get("replaying")) || !((List<?>) view.get("pendingIndexes")).isEmpty();
            views.add(view);
        }
        Checkpoint checkpoint = seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint).orElse(null);
        model.addAttribute("views", views);
        model.addAttribute("node", answer.get("node"));
        model.addAttribute("checkpoint", checkpoint);
        model.addAttribute("running", moving);
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        return "console/operations";
    }

    @PostMapping("/console/operations/{name}/rebuild")
    String rebuild(@PathVariable String name, RedirectAttributes redirect) {
        ResponseEntity<?> answer = projections.rebuild(name);
        if (answer.getStatusCode().value() == HttpStatus.ACCEPTED.value()) {
            redirect.addAttribute("rebuilding", name);
        } else {
            // Nothing was reset (another node is rebuilding it, the nodes did not hand it over in time):
            // the page says so with the API's code, and every node goes on as before.
            ProblemDetail problem = (ProblemDetail) answer.getBody();
            Object code = problem == null || problem.getProperties() == null ? null : problem.getProperties().get("code");
            redirect.addAttribute("refused", name);
            redirect.addAttribute("code", code == null ? Integer.toString(answer.getStatusCode().value()) : code);
        }
        return "redirect:/console/operations";
    }
}
