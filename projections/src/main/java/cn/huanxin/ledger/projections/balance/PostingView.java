package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;

import java.time.Instant;

/**
 * One line of the double entry of one recorded event. Exactly one of {@code debit} and
 * {@code credit} is non-zero (both are zero only for a zero amount). {@code fundId} and
 * {@code regionCode} are the event's ({@code regionCode} is {@code null} for an appropriation);
 * {@code subsidyId} is {@code null} for fund events.
 */
public record PostingView(String ledgerEventId, int lineNo, String eventType, String accountId, Money debit,
                          Money credit, String fundId, String regionCode, String subsidyId, Instant occurredAt,
                          Instant recordedAt) {
}
