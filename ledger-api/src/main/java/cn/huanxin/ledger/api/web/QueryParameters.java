package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.projections.support.Bitemporal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks the parameters every list and view shares: {@code limit} (1–1,000, default 100), the
 * opaque {@code cursor}, and the bitemporal pair {@code asOf} (a date) and {@code knownAt} (a time
 * with offset). Bad values are a 400 naming the parameter, never a silent default.
 */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    private static final int MAX_CURSOR_LENGTH = 512;

    private QueryParameters() {
    }

    public static Bitemporal time(String asOf, String knownAt) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate date = null;
        Instant instant = null;
        if (asOf != null && !asOf.isBlank()) {
            try {
                date = LocalDate.parse(asOf);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("asOf", "must be a date YYYY-MM-DD"));
            }
        }
        if (knownAt != null && !knownAt.isBlank()) {
            try {
                instant = OffsetDateTime.parse(knownAt).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("knownAt", "must be an ISO-8601 time with an offset"));
            }
        }
        if (!errors.isEmpty()) {
            throw new RequestProblem(Problems.invalid(errors));
        }
        return new Bitemporal(date, instant);
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new RequestProblem(Problems.invalid("limit", "must be from 1 to " + MAX_LIMIT));
        }
        return limit;
    }

    /** The opaque cursor is the projection's key, base64url-encoded so that clients do not depend on it. */
    public static String afterKey(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            if (cursor.length() > MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RequestProblem(Problems.invalid("cursor", "is not a cursor this ledger issued"));
        }
    }

    public static String cursor(String nextKey) {
        return nextKey == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(nextKey.getBytes(StandardCharsets.UTF_8));
    }
}
