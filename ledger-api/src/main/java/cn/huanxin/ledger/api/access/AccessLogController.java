package cn.huanxin.ledger.api.access;

import cn.huanxin.ledger.api.web.Pages;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import cn.huanxin.ledger.projections.access.AccessLogEntry;
import cn.huanxin.ledger.projections.access.AccessLogPage;
import cn.huanxin.ledger.projections.access.FindAccessLogQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/v1/access-log?from&to&actor&kind} (DISCIPLINE, ADMIN): the sensitive reads, oldest
 * first, paged, and as CSV. {@code from} and {@code to} are dates (Asia/Shanghai calendar days, both
 * inclusive) or times with an offset ({@code from} inclusive, {@code to} exclusive).
 */
@RestController
class AccessLogController {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final QueryGateway queries;

    AccessLogController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/access-log")
    ResponseEntity<?> accessLog(@RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String actor,
                                @RequestParam(required = false) String kind,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor,
                                @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        FindAccessLogQuery query = new FindAccessLogQuery(instant("from", from, false), instant("to", to, true),
                blankToNull(actor), blankToNull(kind), Pages.afterKey(cursor), Pages.limit(limit));
        AccessLogPage page = queries.query(query, ResponseTypes.instanceOf(AccessLogPage.class)).join();
        return Pages.page(page.items(), AccessLogEntry.class, page.nextKey(), accept);
    }

    private static Instant instant(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(SHANGHAI).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new RequestProblem(Problems.invalid(field,
                    "must be a date (2024-09-01) or a time with an offset (2024-09-01T10:15:00+08:00)"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
