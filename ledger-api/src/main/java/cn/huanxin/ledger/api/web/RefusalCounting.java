package cn.huanxin.ledger.api.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Sees every body Spring MVC writes, those of exception handlers and of the error page included, and
 * counts each problem among them ({@link Refusals}): one place, whichever controller, handler or
 * interceptor refused the request.
 */
@ControllerAdvice
class RefusalCounting implements ResponseBodyAdvice<Object> {

    private final Refusals refusals;

    RefusalCounting(Refusals refusals) {
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
            refusals.count(problem);
        }
        return body;
    }
}
