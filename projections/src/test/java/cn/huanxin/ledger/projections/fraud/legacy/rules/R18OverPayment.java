package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.util.ArrayList;
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

    public R18OverPayment(RuleSettings settings) {
        // R18 has no parameters; the constructor keeps the shape every rule has.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "超额兑付 over-payment";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, SubsidyPaid.class, SubsidyReversed.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r18_subsidy", "fraud_r18_evidence");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            context.jdbc().update("INSERT INTO fraud_r18_subsidy (subsidy_id, granted_fen, committed_fen, paid_fen, "
                            + "region_code, grant_event_id) VALUES (?,?,?,0,?,?)", granted.subsidyId().value(),
                    granted.amount().fen(), granted.amount().fen(), granted.regionCode().value(), event.ledgerEventId());
            return;
        }
        String subsidyId = fact instanceof SubsidyPaid paid ? paid.subsidyId().value()
                : ((SubsidyReversed) fact).subsidyId().value();
        List<Map<String, Object>> rows = context.jdbc().queryForList("SELECT granted_fen, committed_fen, paid_fen, "
                + "region_code, grant_event_id FROM fraud_r18_subsidy WHERE subsidy_id = ?", subsidyId);
        if (rows.isEmpty()) {
            // Granted before the slice of history being read: nothing to compare with.
            return;
        }
        Map<String, Object> row = rows.get(0);
        long committed = ((Number) row.get("committed_fen")).longValue();
        long paidSoFar = ((Number) row.get("paid_fen")).longValue();
        if (fact instanceof SubsidyReversed reversed) {
            long fromCommitment = Math.min(reversed.amount().fen(), Math.max(committed, 0));
            long fromPaid = reversed.amount().fen() - fromCommitment;
            context.jdbc().update("UPDATE fraud_r18_subsidy SET committed_fen = ?, paid_fen = ? WHERE subsidy_id = ?",
                    committed - fromCommitment, paidSoFar - fromPaid, subsidyId);
            if (fromCommitment > 0) {
                remember(subsidyId, event, context);
            }
            return;
        }
        SubsidyPaid paid = (SubsidyPaid) fact;
        committed = Math.subtractExact(committed, paid.amount().fen());
        paidSoFar = Math.addExact(paidSoFar, paid.amount().fen());
        context.jdbc().update("UPDATE fraud_r18_subsidy SET committed_fen = ?, paid_fen = ? WHERE subsidy_id = ?",
                committed, paidSoFar, subsidyId);
        remember(subsidyId, event, context);
        if (committed < 0) {
            List<String> evidence = new ArrayList<>();
            evidence.add((String) row.get("grant_event_id"));
            evidence.addAll(context.jdbc().queryForList("SELECT ledger_event_id FROM fraud_r18_evidence "
                    + "WHERE subsidy_id = ? ORDER BY stream_sequence, ledger_event_id", String.class, subsidyId));
            Money granted = Money.ofFen(((Number) row.get("granted_fen")).longValue());
            Money over = Money.ofFen(-committed);
            context.raise(new AlertDraft(ID, Severity.HIGH, "subsidy", subsidyId, null, (String) row.get("region_code"),
                    "补贴 " + subsidyId + " 核定 " + granted + " 元，净兑付 " + Money.ofFen(paidSoFar) + " 元，超额兑付 "
                            + over + " 元",
                    "subsidy " + subsidyId + " was granted " + granted + " yuan and paid " + Money.ofFen(paidSoFar)
                            + " yuan net: over-paid by " + over + " yuan",
                    evidence));
        }
    }

    private static void remember(String subsidyId, RecordedEvent event, RuleContext context) {
        context.jdbc().update("INSERT INTO fraud_r18_evidence (subsidy_id, stream_sequence, ledger_event_id) "
                + "VALUES (?,?,?)", subsidyId, event.sequence(), event.ledgerEventId());
    }
}
