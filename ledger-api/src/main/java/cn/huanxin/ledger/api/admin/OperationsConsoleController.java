package cn.huanxin.ledger.api.admin;

import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
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
 * and shows the rebuild's progress (position over head) until every view has caught up; and the
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
    String operations(Model model) {
        Map<String, Object> answer = projections.projections().getBody();
        List<Map<String, Object>> views = new ArrayList<>();
        boolean moving = false;
        for (Object item : (List<?>) answer.get("items")) {
            Map<String, Object> view = new LinkedHashMap<>();
            ((Map<?, ?>) item).forEach((key, value) -> view.put(String.valueOf(key), value));
            long head = ((Number) view.get("head")).longValue();
            long position = Math.max(0, ((Number) view.get("position")).longValue());
            view.put("percent", head <= 0 ? 100 : Math.min(100, Math.round(100.0 * position / head)));
            moving |= Boolean.TRUE.equals(view.get("replaying"));
            views.add(view);
        }
        Checkpoint checkpoint = seal.store().latestCheckpoint().map(SealStore.StoredCheckpoint::checkpoint).orElse(null);
        model.addAttribute("views", views);
        model.addAttribute("checkpoint", checkpoint);
        model.addAttribute("running", moving);
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        return "console/operations";
    }

    @PostMapping("/console/operations/{name}/rebuild")
    String rebuild(@PathVariable String name, RedirectAttributes redirect) {
        projections.rebuild(name);
        redirect.addAttribute("rebuilding", name);
        return "redirect:/console/operations";
    }
}
