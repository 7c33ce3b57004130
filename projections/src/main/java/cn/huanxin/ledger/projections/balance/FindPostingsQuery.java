package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.Bitemporal;

import java.util.Objects;

/**
 * The postings of one account (see {@link Accounts}) in ledger order. {@code afterKey} is the
 * {@link PostingsView#nextKey()} of the previous page, or {@code null} for the first page.
 */
public record FindPostingsQuery(String accountId, Bitemporal time, String afterKey, int limit) {

    /** The largest page docs/api.md allows. */
    public static final int MAX_LIMIT = 1_000;

    public FindPostingsQuery {
        Objects.requireNonNull(accountId, "accountId");
        time = time == null ? Bitemporal.EVERYTHING : time;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
