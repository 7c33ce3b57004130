package cn.huanxin.ledger.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/**
 * The ledger's RFC 9457 problems. {@code type} is a URN per kind of problem, so that clients can
 * switch on it without the ledger naming any web host; {@code code} is the contract's stable word
 * for 403, 409 and 422, and {@code errors} lists field errors for 400.
 */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:huanxin-ledger:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + kind));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail withCode(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = of(status, code.toLowerCase().replace('_', '-'), title, detail);
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }

    public static ProblemDetail invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemDetail malformed(String detail) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail);
        problem.setProperty("errors", List.of(new FieldError("", detail)));
        return problem;
    }

    /**
     * JSON that does not parse. A duplicated key is named with its place ({@code payload.fundId}),
     * since the ledger reads JSON strictly; otherwise only the location is given: the parser's own
     * message quotes the offending input, which may be an ID number.
     */
    public static ProblemDetail malformedJson(JsonProcessingException e, String what) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field '") && e.getProcessor() instanceof JsonParser parser) {
            String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
            String pointer = parser.getParsingContext() == null ? "" : parser.getParsingContext().pathAsPointer().toString();
            String field = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
            boolean printable = FIELD_NAME.matcher(key).matches() && FIELD_NAME.matcher(field).matches();
            String named = printable ? "\"" + key + "\"" : "a key";
            ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    what + " names " + named + " twice");
            problem.setProperty("errors", List.of(new FieldError(printable ? field : "", "is given twice")));
            return problem;
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return malformed(what + " is not valid JSON" + where);
    }

    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.\\[\\]-]{0,200}");

    public static ProblemDetail tooLarge(String detail) {
        return of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", detail);
    }

    public static ProblemDetail unavailable(String detail) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Store unavailable", detail);
    }

    public static ProblemDetail notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ProblemDetail forbidden(String detail) {
        return withCode(HttpStatus.FORBIDDEN, "FORBIDDEN", "Forbidden", detail);
    }

    public static ProblemDetail unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "valid credentials are required (HTTP Basic)");
    }
}
