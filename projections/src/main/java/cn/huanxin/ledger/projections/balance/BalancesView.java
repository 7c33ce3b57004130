package cn.huanxin.ledger.projections.balance;

import java.util.List;

/** One page of balance rows; {@code nextKey} is {@code null} when there are no more rows. */
public record BalancesView(List<BalanceRow> items, String nextKey) {

    public BalancesView {
        items = List.copyOf(items);
    }
}
