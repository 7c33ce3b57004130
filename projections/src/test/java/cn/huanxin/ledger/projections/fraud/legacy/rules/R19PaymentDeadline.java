package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R19 兑付时效: a subsidy with no payment within D days (30) of its grant. The commerce ministry's
 * and finance ministry's notices on the trade-in programme set payment deadlines (for 2026: accept
 * within 3 days, review within 15, pay within 30), and inspection reporting describes subsidies
 * held back or "granted" on paper to use up quota while the money never reaches the consumer. The
 * grant's day is its {@code occurredAt} in Asia/Shanghai; a payment on or before grant + D is in
 * time, and the deadline is missed once event-time "now" is on a later day ({@link #onNewDay}).
 * Any payment counts, even a part. A subsidy reversed in full (reversals summing to at least the
 * granted amount) before its deadline has nothing left to pay and is no longer awaited. The first
 * payment that arrives while the subsidy is still awaited is judged by its {@code paidOn}: a date
 * after the due day is late even when no later business day has been seen yet (a grant loaded after
 * its deadline had passed, followed by its payment). The subject is the subsidy, without a window;
 * the evidence is the grant, and the late payment where one proves the delay.
 */
public final class R19PaymentDeadline implements FraudRule {

    private static final String ID = "R19";

    private final int paymentDays;

    public R19PaymentDeadline(RuleSettings settings) {
        this.paymentDays = settings.integer(ID, "payment-days", 30);
        if (paymentDays < 0) {
            throw new IllegalArgumentException("R19.payment-days must not be negative");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "兑付时效 payment deadline";
    }

    @Override
    public Severity severity() {
        return Severity.LOW;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, SubsidyPaid.class, SubsidyReversed.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("payment-days", Integer.toString(paymentDays));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r19_pending");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            LocalDate grantedOn = event.occurredOn();
            context.jdbc().update("INSERT INTO fraud_r19_pending (subsidy_id, granted_on, due_on, granted_fen, "
                            + "reversed_fen, region_code, grant_event_id) VALUES (?,?,?,?,0,?,?)",
                    granted.subsidyId().value(), grantedOn, grantedOn.plusDays(paymentDays), granted.amount().fen(),
                    granted.regionCode().value(), event.ledgerEventId());
        } else if (fact instanceof SubsidyPaid paid) {
            List<Map<String, Object>> rows = pending(paid.subsidyId().value(), context);
            if (rows.isEmpty()) {
                return;
            }
            Map<String, Object> row = rows.get(0);
            context.jdbc().update("DELETE FROM fraud_r19_pending WHERE subsidy_id = ?", paid.subsidyId().value());
            LocalDate dueOn = date(row.get("due_on"));
            if (paid.paidOn().isAfter(dueOn)) {
                raise(paid.subsidyId().value(), row, event.ledgerEventId(), context);
            }
        } else if (fact instanceof SubsidyReversed reversed) {
            List<Map<String, Object>> rows = pending(reversed.subsidyId().value(), context);
            if (rows.isEmpty()) {
                return;
            }
            long reversedFen = ((Number) rows.get(0).get("reversed_fen")).longValue() + reversed.amount().fen();
            if (reversedFen >= ((Number) rows.get(0).get("granted_fen")).longValue()) {
                context.jdbc().update("DELETE FROM fraud_r19_pending WHERE subsidy_id = ?", reversed.subsidyId().value());
            } else {
                context.jdbc().update("UPDATE fraud_r19_pending SET reversed_fen = ? WHERE subsidy_id = ?", reversedFen,
                        reversed.subsidyId().value());
            }
        }
    }

    @Override
    public void onNewDay(LocalDate today, RuleContext context) {
        List<Map<String, Object>> overdue = context.jdbc().queryForList("SELECT subsidy_id, granted_on, due_on, "
                + "region_code, grant_event_id FROM fraud_r19_pending WHERE due_on < ? ORDER BY due_on, subsidy_id", today);
        for (Map<String, Object> row : overdue) {
            String subsidyId = (String) row.get("subsidy_id");
            context.jdbc().update("DELETE FROM fraud_r19_pending WHERE subsidy_id = ?", subsidyId);
            raise(subsidyId, row, null, context);
        }
    }

    private static List<Map<String, Object>> pending(String subsidyId, RuleContext context) {
        return context.jdbc().queryForList("SELECT granted_on, due_on, granted_fen, reversed_fen, region_code, "
                + "grant_event_id FROM fraud_r19_pending WHERE subsidy_id = ?", subsidyId);
    }

    private void raise(String subsidyId, Map<String, Object> row, String latePaymentEventId, RuleContext context) {
        LocalDate grantedOn = date(row.get("granted_on"));
        LocalDate dueOn = date(row.get("due_on"));
        List<String> evidence = new ArrayList<>();
        evidence.add((String) row.get("grant_event_id"));
        if (latePaymentEventId != null) {
            evidence.add(latePaymentEventId);
        }
        context.raise(new AlertDraft(ID, Severity.LOW, "subsidy", subsidyId, null, (String) row.get("region_code"),
                "补贴 " + subsidyId + " 于 " + grantedOn + " 发放，" + paymentDays + " 日内（" + dueOn + " 前）未兑付",
                "subsidy " + subsidyId + " granted on " + grantedOn + " was not paid within " + paymentDays
                        + " days (by " + dueOn + ")",
                evidence));
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return LocalDate.parse(value.toString());
    }
}
