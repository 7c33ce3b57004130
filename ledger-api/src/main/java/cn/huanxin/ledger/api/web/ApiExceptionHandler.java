package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps what escapes a controller to problem+json. Spring MVC's own errors (unsupported media type,
 * unknown path, wrong method) arrive through the base class; an unreachable store becomes 503 with
 * {@code Retry-After}, however deep in the failure the database's refusal sits (a query through the
 * query bus, a read of the event store: {@link DatabaseAvailability#isUnavailable(Throwable)}), and is
 * logged once per outage by {@link DatabaseAvailability}; anything else is a defect, logged with its
 * stack and answered 500 without detail, so that no internal message (or personal value inside one)
 * reaches a client.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final DatabaseAvailability database;

    ApiExceptionHandler(DatabaseAvailability database) {
        this.database = database;
    }

    @ExceptionHandler({StoreUnavailableException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        if (DatabaseAvailability.isUnavailable(e)) {
            database.failed(e);
        }
        if (database.isDown()) {
            // The outage has its one line in the log already.
            log.debug("Store unavailable: {}", e.toString());
        } else {
            log.warn("Store unavailable: {}", e.toString());
        }
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

    /**
     * A query handler refuses a parameter it cannot use (a cursor from another list, a limit out of
     * range) with IllegalArgumentException; through the query bus it arrives wrapped.
     */
    @ExceptionHandler({java.util.concurrent.CompletionException.class,
            org.axonframework.queryhandling.QueryExecutionException.class})
    ResponseEntity<ProblemDetail> queryFailed(Exception e) {
        if (DatabaseAvailability.isUnavailable(e)) {
            return unavailable(e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException refused) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(Problems.invalid("", refused.getMessage()));
            }
            if (t instanceof RequestProblem problem) {
                return requestProblem(problem);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return defect(e);
    }

    /**
     * An unknown path. Spring's own answer names the path, which may hold personal data (a person
     * trace under a misspelt prefix), so this one does not.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return problem(Problems.notFound("no such endpoint"));
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException e, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
        return problem(Problems.notFound("no such endpoint"));
    }

    /** A query parameter or path variable of the wrong type: names the field, never echoes the value. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : e.getPropertyName() == null ? "" : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "a value of another form"
                : Number.class.isAssignableFrom(type) || type == int.class || type == long.class ? "a whole number"
                : "a " + type.getSimpleName();
        return problem(Problems.invalid(field, "must be " + expected));
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> defect(Exception e) {
        if (DatabaseAvailability.isUnavailable(e)) {
            return unavailable(e);
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                        "the ledger failed unexpectedly; retrying is safe, events already recorded are answered with their receipts"));
    }
}
