package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

import java.util.Map;
import java.util.Optional;

/**
 * Applies the {@link AccessPolicy} after Spring MVC has chosen the handler and before any argument
 * of it is parsed: so the decision is taken on what will be served, and a refused client learns
 * nothing from the endpoint's own validation (whether an ID number's check digit is right, whether
 * a stream exists). A handler without a row is refused and logged as the defect it is.
 */
final class EndpointAuthorization implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(EndpointAuthorization.class);

    private final AccessPolicy policy;
    private final ClientRegistry clients;

    EndpointAuthorization(AccessPolicy policy, ClientRegistry clients) {
        this.policy = policy;
        this.clients = clients;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String declared;
        if (handler instanceof HandlerMethod method) {
            declared = declaredMethod(method);
        } else if (handler instanceof ResourceHttpRequestHandler) {
            // Files are served to GET (and HEAD) only; their row is that of the location's pattern,
            // such as GET /swagger-ui/**.
            declared = "GET";
        } else {
            throw refused(new AccessPolicy.Decision(AccessPolicy.Verdict.NO_RULE, null), handler.toString());
        }
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        String endpoint = declared + " " + pattern;
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        AccessPolicy.Decision decision = policy.decide(declared, pattern, variables, client());
        if (decision.allowed()) {
            return true;
        }
        if (handler instanceof ResourceHttpRequestHandler && decision.verdict() == AccessPolicy.Verdict.NO_RULE) {
            // A file location without a row is Spring Boot's default one, which also answers every
            // path that no endpoint matches: for a mistyped path the answer stays a plain 404, as
            // before any file was served, and nothing is logged, since a path may carry an ID number.
            throw new RequestProblem(Problems.notFound("no such endpoint"));
        }
        throw refused(decision, endpoint);
    }

    private Optional<LedgerClient> client() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return clients.find(authentication.getName());
    }

    private static RequestProblem refused(AccessPolicy.Decision decision, String endpoint) {
        return switch (decision.verdict()) {
            case UNAUTHENTICATED -> new RequestProblem(Problems.unauthorized());
            case NO_RULE -> {
                log.error("No access rule for {}: refused. Add its row to AccessPolicy.", endpoint);
                yield new RequestProblem(Problems.forbidden("the client's role may not use this endpoint"));
            }
            case FORBIDDEN -> new RequestProblem(Problems.forbidden(decision.reason()));
            case ALLOW -> throw new IllegalStateException("not a refusal");
        };
    }

    /** The method the handler is declared for: a HEAD request served by a GET handler is a GET. */
    private static String declaredMethod(HandlerMethod method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        if (mapping == null || mapping.method().length != 1) {
            return "*";
        }
        return mapping.method()[0].name();
    }
}
