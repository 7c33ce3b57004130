package cn.huanxin.ledger.api.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.net.URI;

/**
 * Names each problem's occurrence by the request's id ({@code urn:huanxin-ledger:request:…}, the
 * {@code X-Request-Id} of the response) instead of Spring's default, the request path. A path can
 * carry personal data — a person's trace is looked up by ID number — and a problem must never echo
 * it; the request id still lets an operator find the request in the logs.
 * <p>
 * It sees every body Spring MVC writes, those of exception handlers and of the error page included,
 * so it also counts each problem among the refusals ({@link Refusals}): one place, whichever
 * controller, handler or interceptor refused the request.
 */
@RestControllerAdvice
class ProblemInstances implements ResponseBodyAdvice<Object> {

    static final String PREFIX = "urn:huanxin-ledger:request:";

    private final Refusals refusals;

    ProblemInstances(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            if (request instanceof ServletServerHttpRequest servlet) {
                problem.setInstance(URI.create(PREFIX + RequestIds.of(servlet.getServletRequest())));
            }
            refusals.count(problem);
        }
        return body;
    }
}
