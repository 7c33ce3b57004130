package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;

/**
 * The balance rows of every (fund, region), ordered by fund id then region code. {@code fundId},
 * {@code regionCode} and {@code programme} narrow the rows ({@code null}: no filter); with a
 * programme, only the subsidy figures are narrowed (see docs/balances.md). {@code afterKey} is the
 * {@link BalancesView#nextKey()} of the previous page, or {@code null} for the first page.
 */
public record FindBalancesQuery(String fundId, String regionCode, Programme programme, Bitemporal time,
                                String afterKey, int limit) {

    /** The largest page docs/api.md allows. */
    public static final int MAX_LIMIT = 1_000;

    public FindBalancesQuery {
        time = time == null ? Bitemporal.EVERYTHING : time;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
