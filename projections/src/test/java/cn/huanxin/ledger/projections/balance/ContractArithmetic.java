package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.axonframework.eventhandling.EventMessage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * docs/balances.md written out a second time, straight from the event payloads and
 * with no code of the projection: the expected rows that the projection's postings must sum to.
 * Reversals are split in record order, as docs/balances.md says the projection does; the filters
 * then keep or drop whole events by their two times.
 */
final class ContractArithmetic {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** One event as the contract books it: the (fund, region) it belongs to and its amounts. */
    private record Booked(String type, String fundId, String regionCode, Programme programme, long amountFen,
                          long fromCommittedFen, long fromPaidFen, Instant occurredAt, Instant recordedAt) {
    }

    private record Grant(String fundId, String regionCode, Programme programme) {
    }

    private final List<Booked> booked = new ArrayList<>();

    ContractArithmetic(List<EventMessage<?>> messagesInRecordOrder) {
        Map<String, Grant> grants = new HashMap<>();
        Map<String, Long> grantedFen = new HashMap<>();
        Map<String, Long> paidFen = new HashMap<>();
        Map<String, Long> reversedFromCommitmentFen = new HashMap<>();
        for (EventMessage<?> message : messagesInRecordOrder) {
            Instant occurredAt = Instant.parse((String) message.getMetaData().get(LedgerMetadata.OCCURRED_AT));
            Instant recordedAt = Instant.parse((String) message.getMetaData().get(LedgerMetadata.RECORDED_AT));
            LedgerFact fact = (LedgerFact) message.getPayload();
            if (fact instanceof FundAppropriated e) {
                booked.add(new Booked("FundAppropriated", e.fundId().value(), null, null, e.amount().fen(), 0, 0,
                        occurredAt, recordedAt));
            } else if (fact instanceof FundAllocated e) {
                booked.add(new Booked("FundAllocated", e.fundId().value(), e.regionCode().value(), null,
                        e.amount().fen(), 0, 0, occurredAt, recordedAt));
            } else if (fact instanceof FundReclaimed e) {
                booked.add(new Booked("FundReclaimed", e.fundId().value(), e.regionCode().value(), null,
                        e.amount().fen(), 0, 0, occurredAt, recordedAt));
            } else if (fact instanceof SubsidyGranted e) {
                String id = e.subsidyId().value();
                grants.put(id, new Grant(e.fundId().value(), e.regionCode().value(), e.programme()));
                grantedFen.merge(id, e.amount().fen(), Long::sum);
                booked.add(new Booked("SubsidyGranted", e.fundId().value(), e.regionCode().value(), e.programme(),
                        e.amount().fen(), 0, 0, occurredAt, recordedAt));
            } else if (fact instanceof SubsidyPaid e) {
                Grant grant = grants.get(e.subsidyId().value());
                if (grant != null) {
                    paidFen.merge(e.subsidyId().value(), e.amount().fen(), Long::sum);
                    booked.add(new Booked("SubsidyPaid", grant.fundId(), grant.regionCode(), grant.programme(),
                            e.amount().fen(), 0, 0, occurredAt, recordedAt));
                }
            } else if (fact instanceof SubsidyReversed e) {
                String id = e.subsidyId().value();
                Grant grant = grants.get(id);
                if (grant != null) {
                    // "taken from that subsidy's unpaid commitment first (as far as it is positive)
                    // and from its paid money for the rest"
                    long unpaid = grantedFen.get(id) - paidFen.getOrDefault(id, 0L)
                            - reversedFromCommitmentFen.getOrDefault(id, 0L);
                    long fromCommitment = Math.min(e.amount().fen(), Math.max(0, unpaid));
                    reversedFromCommitmentFen.merge(id, fromCommitment, Long::sum);
                    booked.add(new Booked("SubsidyReversed", grant.fundId(), grant.regionCode(), grant.programme(),
                            e.amount().fen(), fromCommitment, e.amount().fen() - fromCommitment, occurredAt,
                            recordedAt));
                }
            }
        }
    }

    /** The expected rows in (fund, region) order. */
    List<BalanceRow> rows(String fundId, String regionCode, Programme programme, Bitemporal time) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Booked b : booked) {
            if (b.regionCode() == null || !included(b, time)
                    || (fundId != null && !fundId.equals(b.fundId()))
                    || (regionCode != null && !regionCode.equals(b.regionCode()))
                    || (programme != null && b.programme() != null && b.programme() != programme)) {
                continue;
            }
            // allocated, reclaimed, granted, paid-in, reversed, reversed-from-commitment, reversed-from-paid
            long[] s = sums.computeIfAbsent(b.fundId() + "\u0000" + b.regionCode(), k -> new long[7]);
            switch (b.type()) {
                case "FundAllocated" -> s[0] += b.amountFen();
                case "FundReclaimed" -> s[1] += b.amountFen();
                case "SubsidyGranted" -> s[2] += b.amountFen();
                case "SubsidyPaid" -> s[3] += b.amountFen();
                case "SubsidyReversed" -> {
                    s[4] += b.amountFen();
                    s[5] += b.fromCommittedFen();
                    s[6] += b.fromPaidFen();
                }
                default -> throw new IllegalStateException(b.type());
            }
        }
        List<BalanceRow> rows = new ArrayList<>();
        sums.forEach((key, s) -> {
            String[] parts = key.split("\u0000");
            long committed = s[2] - s[3] - s[5];
            long paid = s[3] - s[6];
            long available = s[0] - s[1] - s[2] + s[4];
            rows.add(new BalanceRow(parts[0], parts[1], Money.ofFen(s[0]), Money.ofFen(s[1]), Money.ofFen(s[2]),
                    Money.ofFen(committed), Money.ofFen(paid), Money.ofFen(s[4]), Money.ofFen(available)));
        });
        return rows;
    }

    /** Every posted event debits and credits its whole amount once. */
    TrialBalanceView trialBalance(Bitemporal time) {
        long total = booked.stream().filter(b -> included(b, time)).mapToLong(Booked::amountFen).sum();
        return new TrialBalanceView(Money.ofFen(total), Money.ofFen(total), true);
    }

    private static boolean included(Booked b, Bitemporal time) {
        boolean occurred = time.asOf() == null || !b.occurredAt().atZone(SHANGHAI).toLocalDate().isAfter(time.asOf());
        boolean known = time.knownAt() == null || !b.recordedAt().isAfter(time.knownAt());
        return occurred && known;
    }
}
