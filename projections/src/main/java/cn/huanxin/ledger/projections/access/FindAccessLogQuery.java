package cn.huanxin.ledger.projections.access;

import java.time.Instant;

/**
 * A page of the access log, oldest first.
 *
 * @param from     reads recorded at or after this instant; null for the beginning
 * @param to       reads recorded before this instant; null for now
 * @param actor    only this client's reads; null for all
 * @param kind     only subjects of this kind; null for all
 * @param afterKey the page key after which to continue; null for the first page
 * @param limit    rows per page, 1 to 1,000
 */
public record FindAccessLogQuery(Instant from, Instant to, String actor, String kind, String afterKey, int limit) {

    public FindAccessLogQuery {
        if (limit < 1 || limit > 1_000) {
            throw new IllegalArgumentException("limit must be 1 to 1000");
        }
    }
}
