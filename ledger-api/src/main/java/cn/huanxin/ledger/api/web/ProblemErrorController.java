package cn.huanxin.ledger.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page, in place of Spring Boot's: what failed before a handler answered (a URL the
 * request firewall refused, a servlet error) is answered as problem+json like every other error,
 * and — unlike Boot's page, which echoes the request path — names neither the path nor any
 * exception, so that an ID number in a refused URL never comes back in a response.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = switch (status) {
            case BAD_REQUEST -> Problems.of(status, "malformed-request", "Malformed request",
                    "the request's URL or headers are not acceptable: no encoded separators, no path "
                            + "parameters, no empty, '.' or '..' segments");
            case NOT_FOUND -> Problems.notFound("no such endpoint");
            case UNAUTHORIZED -> Problems.unauthorized();
            case FORBIDDEN -> Problems.forbidden("the client's role may not use this endpoint");
            default -> status.is5xxServerError()
                    ? Problems.of(status, "internal", "Internal error", "the ledger failed unexpectedly")
                    : Problems.of(status, "http-" + status.value(), status.getReasonPhrase(),
                    status.getReasonPhrase());
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
