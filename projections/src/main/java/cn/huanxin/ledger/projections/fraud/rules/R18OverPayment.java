package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R18 超额兑付: more paid out on a subsidy than it was granted. Audit findings on trade-in and
 * equipment-renewal funds (审计署 and finance-bureau inspections of 重复兑付, 超标准兑付) describe
 * the same subsidy paid twice through two payment batches, or paid in full after it had been cut
 * back. The rule follows docs/api.md's balance arithmetic: each subsidy has an unpaid commitment,
 * its granted amount less what was paid; a reversal takes from that commitment first (as far as it
 * is positive) and claws back paid money only for the rest. The subsidy is over-paid when its
 * commitment falls below zero, which only a payment can do. So a reversal after full payment (a
 * refund that is clawed back) never makes a later check fire, while a payment of money that a
 * reversal had already withdrawn does. The evidence is the grant, every payment, and each reversal
 * that cut the commitment; the subject is the subsidy, without a window.
 */
public final class R18OverPayment implements FraudRule {

    private static final String ID = "R18";

    private final RuleDescriptor descriptor;

    public R18OverPayment(RuleSettings settings) {
        // R18 has no parameters; the constructor keeps the shape every rule has.
        this.descriptor = new RuleDescriptor(ID, "超额兑付 over-payment", Severity.HIGH,
                Set.of(SubsidyGranted.class, SubsidyPaid.class, SubsidyReversed.class),
                List.of("fraud_r18_subsidy", "fraud_r18_evidence"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter subsidies = memory.keys(jdbc, "fraud_r18_subsidy", "subsidy_id");
        KeyFilter remembered = memory.keys(jdbc, "fraud_r18_evidence", "subsidy_id");
        Set<String> followed = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyPaid paid) {
                followed.add(paid.subsidyId().value());
            } else if (item.fact() instanceof SubsidyReversed reversed) {
                followed.add(reversed.subsidyId().value());
            }
        }
        Batch batch = new Batch(jdbc, subsidies, remembered);
        PendingWrites.select(jdbc, "SELECT subsidy_id, granted_fen, committed_fen, paid_fen, region_code, "
                + "grant_event_id FROM fraud_r18_subsidy WHERE subsidy_id IN ", "", subsidies.mayHold(followed), rs -> batch.subsidies
                .loaded(rs.getString(1), new Subsidy(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6))));
        PendingWrites.select(jdbc, "SELECT subsidy_id, stream_sequence, ledger_event_id FROM fraud_r18_evidence "
                + "WHERE subsidy_id IN ", "", remembered.mayHold(followed), rs -> batch.evidence
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Evidence(rs.getLong(2), rs.getString(3))));
        batch.evidence.values().forEach(list -> list.sort(EVIDENCE_ORDER));
        return batch;
    }

    /** One row of {@code fraud_r18_subsidy}. */
    private record Subsidy(long grantedFen, long committedFen, long paidFen, String regionCode, String grantEventId) {
    }

    /** One row of {@code fraud_r18_evidence}. */
    private record Evidence(long streamSequence, String ledgerEventId) {
    }

    private static final Comparator<Evidence> EVIDENCE_ORDER = Comparator.comparingLong(Evidence::streamSequence)
            .thenComparing(Evidence::ledgerEventId);

    /** The batch's subsidies with the payments and reversals remembered for them. */
    private static final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final NetRows<String, Subsidy> subsidies = new NetRows<>(
                "INSERT INTO fraud_r18_subsidy (subsidy_id, granted_fen, committed_fen, paid_fen, region_code, "
                        + "grant_event_id) VALUES (?,?,?,?,?,?)",
                (id, s) -> new Object[]{id, s.grantedFen(), s.committedFen(), s.paidFen(), s.regionCode(),
                        s.grantEventId()},
                "UPDATE fraud_r18_subsidy SET committed_fen = ?, paid_fen = ? WHERE subsidy_id = ?",
                (id, s) -> new Object[]{s.committedFen(), s.paidFen(), id},
                "DELETE FROM fraud_r18_subsidy WHERE subsidy_id = ?", id -> new Object[]{id});
        private final Map<String, List<Evidence>> evidence = new HashMap<>();
        private final PendingWrites remembered;
        /** Which subsidies the tables may have rows of. */
        private final KeyFilter storedSubsidies;
        private final KeyFilter storedEvidence;

        Batch(JdbcTemplate jdbc, KeyFilter storedSubsidies, KeyFilter storedEvidence) {
            this.jdbc = jdbc;
            this.remembered = new PendingWrites(jdbc);
            this.storedSubsidies = storedSubsidies;
            this.storedEvidence = storedEvidence;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof SubsidyGranted granted) {
                subsidies.put(granted.subsidyId().value(), new Subsidy(granted.amount().fen(), granted.amount().fen(),
                        0, granted.regionCode().value(), event.ledgerEventId()));
                storedSubsidies.add(granted.subsidyId().value());
                return;
            }
            String subsidyId = fact instanceof SubsidyPaid paid ? paid.subsidyId().value()
                    : ((SubsidyReversed) fact).subsidyId().value();
            Subsidy row = subsidies.get(subsidyId);
            if (row == null) {
                // Granted before the slice of history being read: nothing to compare with.
                return;
            }
            long committed = row.committedFen();
            long paidSoFar = row.paidFen();
            if (fact instanceof SubsidyReversed reversed) {
                long fromCommitment = Math.min(reversed.amount().fen(), Math.max(committed, 0));
                long fromPaid = reversed.amount().fen() - fromCommitment;
                subsidies.put(subsidyId, new Subsidy(row.grantedFen(), committed - fromCommitment,
                        paidSoFar - fromPaid, row.regionCode(), row.grantEventId()));
                if (fromCommitment > 0) {
                    remember(subsidyId, event);
                }
                return;
            }
            SubsidyPaid paid = (SubsidyPaid) fact;
            committed = Math.subtractExact(committed, paid.amount().fen());
            paidSoFar = Math.addExact(paidSoFar, paid.amount().fen());
            subsidies.put(subsidyId, new Subsidy(row.grantedFen(), committed, paidSoFar, row.regionCode(),
                    row.grantEventId()));
            remember(subsidyId, event);
            if (committed < 0) {
                List<String> evidenceIds = new ArrayList<>();
                evidenceIds.add(row.grantEventId());
                evidence.getOrDefault(subsidyId, List.of()).forEach(e -> evidenceIds.add(e.ledgerEventId()));
                Money granted = Money.ofFen(row.grantedFen());
                Money over = Money.ofFen(-committed);
                context.raise(new AlertDraft(ID, Severity.HIGH, "subsidy", subsidyId, null, row.regionCode(),
                        "补贴 " + subsidyId + " 核定 " + granted + " 元，净兑付 " + Money.ofFen(paidSoFar) + " 元，超额兑付 "
                                + over + " 元",
                        "subsidy " + subsidyId + " was granted " + granted + " yuan and paid " + Money.ofFen(paidSoFar)
                                + " yuan net: over-paid by " + over + " yuan",
                        evidenceIds));
            }
        }

        private void remember(String subsidyId, RecordedEvent event) {
            remembered.add("INSERT INTO fraud_r18_evidence (subsidy_id, stream_sequence, ledger_event_id) "
                    + "VALUES (?,?,?)", subsidyId, event.sequence(), event.ledgerEventId());
            storedEvidence.add(subsidyId);
            Sorted.insert(evidence.computeIfAbsent(subsidyId, k -> new ArrayList<>()),
                    new Evidence(event.sequence(), event.ledgerEventId()), EVIDENCE_ORDER);
        }

        @Override
        public void flush() {
            subsidies.flush(jdbc);
            remembered.flush();
        }
    }
}
