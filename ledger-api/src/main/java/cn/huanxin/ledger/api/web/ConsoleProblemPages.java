package cn.huanxin.ledger.api.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import java.util.concurrent.CompletionException;

/**
 * A console page that cannot be served shows why as a page, with the same status the API would
 * answer: 403 for a role that may not see it (the access policy refuses before the page reads
 * anything), 400 for a filter the API would refuse, 404 for what does not exist. The detail is the
 * API's own problem detail, so the reader sees the same reason an integrator would.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleProblemPages {

    static final String VIEW = "console/problem";

    @ExceptionHandler(RequestProblem.class)
    String problem(RequestProblem refused, Model model, HttpServletResponse response) {
        return render(refused.problem(), model, response);
    }

    /** A query's refusal arrives wrapped by the query bus; unwrapped, it is the same problem. */
    @ExceptionHandler(CompletionException.class)
    String wrapped(CompletionException failure, Model model, HttpServletResponse response) throws Exception {
        if (failure.getCause() instanceof RequestProblem refused) {
            return render(refused.problem(), model, response);
        }
        throw failure;
    }

    private static String render(ProblemDetail problem, Model model, HttpServletResponse response) {
        response.setStatus(problem.getStatus());
        model.addAttribute("status", problem.getStatus());
        model.addAttribute("detail", problem.getDetail());
        return VIEW;
    }
}
