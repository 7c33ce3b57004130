package cn.huanxin.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Writes a problem directly to a servlet response, for filters that answer before Spring MVC, and
 * counts it ({@link Refusals}), since such an answer passes no other place that could.
 */
@Component
public class ProblemWriter {

    private final ObjectMapper objectMapper;
    private final Refusals refusals;

    public ProblemWriter(ObjectMapper objectMapper, Refusals refusals) {
        this.objectMapper = objectMapper;
        this.refusals = refusals;
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        refusals.count(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    public void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"huanxin-ledger\", charset=\"UTF-8\"");
        write(response, Problems.unauthorized());
    }
}
