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
 */
@RestControllerAdvice
class ProblemInstances implements ResponseBodyAdvice<Object> {

    static final String PREFIX = "urn:huanxin-ledger:request:";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
            problem.setInstance(URI.create(PREFIX + RequestIds.of(servlet.getServletRequest())));
        }
        return body;
    }
}
