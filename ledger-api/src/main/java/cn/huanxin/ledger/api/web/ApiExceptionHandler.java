package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.ingest.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps what escapes a controller to problem+json. Spring MVC's own errors (unsupported media type,
 * unknown path, wrong method) arrive through the base class; an unreachable store becomes 503 with
 * {@code Retry-After}; anything else is a defect, logged with its stack and answered 500 without
 * detail, so that no internal message (or personal value inside one) reaches a client.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler({StoreUnavailableException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Store unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.unavailable("the store is unavailable; nothing was recorded, retry later"));
    }

    @ExceptionHandler(RequestProblem.class)
    ResponseEntity<ProblemDetail> requestProblem(RequestProblem e) {
        return ResponseEntity.status(e.problem().getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.problem());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> defect(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                        "the ledger failed unexpectedly; retrying is safe, events already recorded are answered with their receipts"));
    }
}
