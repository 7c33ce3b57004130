package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.projections.support.Bitemporal;
import org.springframework.http.ResponseEntity;

import java.util.List;

/**
 * The paging, CSV and time-filter conventions of every list in the API, for controllers outside
 * this package: one place decides what a cursor, a limit and a CSV answer look like.
 */
public final class Pages {

    private Pages() {
    }

    public static int limit(Integer limit) {
        return QueryParameters.limit(limit);
    }

    public static String afterKey(String cursor) {
        return QueryParameters.afterKey(cursor);
    }

    public static Bitemporal time(String asOf, String knownAt) {
        return QueryParameters.time(asOf, knownAt);
    }

    public static <R extends Record> ResponseEntity<?> page(List<R> rows, Class<R> rowType, String nextKey,
                                                            String accept) {
        return ListResponses.page(rows, rowType, nextKey, accept);
    }
}
