package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;

/**
 * The figures of one (fund, region), exactly as docs/balances.md defines them:
 * {@code allocated}, {@code reclaimed}, {@code granted} and {@code reversed} are gross sums of their
 * event type; {@code committed} and {@code paid} are account balances; {@code available} is
 * {@code allocated − reclaimed − granted + reversed}, the balance of the quota account. A negative
 * figure is shown as it is, never clamped.
 */
public record BalanceRow(String fundId, String regionCode, Money allocated, Money reclaimed, Money granted,
                         Money committed, Money paid, Money reversed, Money available) {
}
