package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private final RuleDescriptor descriptor;

    public R19PaymentDeadline(RuleSettings settings) {
        this.paymentDays = settings.integer(ID, "payment-days", 30);
        if (paymentDays < 0) {
            throw new IllegalArgumentException("R19.payment-days must not be negative");
        }
        this.descriptor = new RuleDescriptor(ID, "兑付时效 payment deadline", Severity.LOW,
                Set.of(SubsidyGranted.class, SubsidyPaid.class, SubsidyReversed.class), List.of("fraud_r19_pending"))
                .withParameter("payment-days", Integer.toString(paymentDays));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc) {
        Set<String> followed = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyPaid paid) {
                followed.add(paid.subsidyId().value());
            } else if (item.fact() instanceof SubsidyReversed reversed) {
                followed.add(reversed.subsidyId().value());
            }
        }
        Batch batch = new Batch(jdbc);
        PendingWrites.select(jdbc, "SELECT subsidy_id, granted_on, due_on, granted_fen, reversed_fen, region_code, "
                + "grant_event_id FROM fraud_r19_pending WHERE subsidy_id IN ", "", followed,
                rs -> batch.pending.loaded(rs.getString(1), pending(rs)));
        return batch;
    }

    private static Pending pending(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Pending(rs.getObject("granted_on", LocalDate.class), rs.getObject("due_on", LocalDate.class),
                rs.getLong("granted_fen"), rs.getLong("reversed_fen"), rs.getString("region_code"),
                rs.getString("grant_event_id"));
    }

    /** One row of {@code fraud_r19_pending}: a subsidy still awaiting its first payment. */
    private record Pending(LocalDate grantedOn, LocalDate dueOn, long grantedFen, long reversedFen, String regionCode,
                           String grantEventId) {
    }

    /** The batch's subsidies awaiting payment; the daily check scans the table after writing them. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final NetRows<String, Pending> pending = new NetRows<>(
                "INSERT INTO fraud_r19_pending (subsidy_id, granted_on, due_on, granted_fen, reversed_fen, region_code, "
                        + "grant_event_id) VALUES (?,?,?,?,?,?,?)",
                (id, p) -> new Object[]{id, p.grantedOn(), p.dueOn(), p.grantedFen(), p.reversedFen(), p.regionCode(),
                        p.grantEventId()},
                "UPDATE fraud_r19_pending SET reversed_fen = ? WHERE subsidy_id = ?",
                (id, p) -> new Object[]{p.reversedFen(), id},
                "DELETE FROM fraud_r19_pending WHERE subsidy_id = ?", id -> new Object[]{id});

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof SubsidyGranted granted) {
                LocalDate grantedOn = event.occurredOn();
                pending.put(granted.subsidyId().value(), new Pending(grantedOn, grantedOn.plusDays(paymentDays),
                        granted.amount().fen(), 0, granted.regionCode().value(), event.ledgerEventId()));
            } else if (fact instanceof SubsidyPaid paid) {
                Pending row = pending.get(paid.subsidyId().value());
                if (row == null) {
                    return;
                }
                pending.remove(paid.subsidyId().value());
                if (paid.paidOn().isAfter(row.dueOn())) {
                    raise(paid.subsidyId().value(), row, event.ledgerEventId(), context);
                }
            } else if (fact instanceof SubsidyReversed reversed) {
                Pending row = pending.get(reversed.subsidyId().value());
                if (row == null) {
                    return;
                }
                long reversedFen = row.reversedFen() + reversed.amount().fen();
                if (reversedFen >= row.grantedFen()) {
                    pending.remove(reversed.subsidyId().value());
                } else {
                    pending.put(reversed.subsidyId().value(), new Pending(row.grantedOn(), row.dueOn(),
                            row.grantedFen(), reversedFen, row.regionCode(), row.grantEventId()));
                }
            }
        }

        @Override
        public void onNewDay(LocalDate today, RuleContext context) {
            // The scan must see the batch's grants, payments and reversals so far.
            pending.flush(jdbc);
            List<String> ids = new ArrayList<>();
            List<Pending> rows = new ArrayList<>();
            jdbc.query("SELECT subsidy_id, granted_on, due_on, granted_fen, reversed_fen, region_code, grant_event_id "
                    + "FROM fraud_r19_pending WHERE due_on < ? ORDER BY due_on, subsidy_id", rs -> {
                ids.add(rs.getString(1));
                rows.add(pending(rs));
            }, today);
            for (int i = 0; i < ids.size(); i++) {
                pending.scanned(ids.get(i), rows.get(i));
                pending.remove(ids.get(i));
                raise(ids.get(i), rows.get(i), null, context);
            }
        }

        @Override
        public void flush() {
            pending.flush(jdbc);
        }
    }

    private void raise(String subsidyId, Pending row, String latePaymentEventId, RuleContext context) {
        LocalDate grantedOn = row.grantedOn();
        LocalDate dueOn = row.dueOn();
        List<String> evidence = new ArrayList<>();
        evidence.add(row.grantEventId());
        if (latePaymentEventId != null) {
            evidence.add(latePaymentEventId);
        }
        context.raise(new AlertDraft(ID, Severity.LOW, "subsidy", subsidyId, null, row.regionCode(),
                "补贴 " + subsidyId + " 于 " + grantedOn + " 发放，" + paymentDays + " 日内（" + dueOn + " 前）未兑付",
                "subsidy " + subsidyId + " granted on " + grantedOn + " was not paid within " + paymentDays
                        + " days (by " + dueOn + ")",
                evidence));
    }
}
