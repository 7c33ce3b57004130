package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;

/**
 * Σ of every debit (positive posting) and Σ of every credit (the magnitude of every negative
 * posting); {@code balanced} when the two are equal, as they are whenever every event's postings
 * sum to zero.
 */
public record TrialBalanceView(Money debits, Money credits, boolean balanced) {
}
