package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.legacy.rules.BurstWindows.Occurrence;
import cn.huanxin.ledger.projections.fraud.legacy.rules.BurstWindows.Window;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * R09 冒用身份: more than K distinct beneficiaries (default 3, assumed) paid into one payee account
 * within W calendar days (default 30). Public-security cases reported during the 以旧换新 programme
 * describe gangs that bought or borrowed other people's identity information, applied for subsidies
 * in their names and had the money paid into a few accounts they controlled; audit findings on
 * 骗补 describe the same funnel. A payment's beneficiary is the one its subsidy was granted to (the
 * grant always precedes its payments in the ledger; a payment whose grant lies outside an
 * investigation's slice cannot be attributed and is skipped). Days are the Asia/Shanghai calendar
 * days of each payment's {@code occurredAt}; a window is W days {@code s … s + W − 1}, anchored on the
 * earliest payment day that starts a window with K + 1 distinct beneficiaries. Payments inside a
 * burst's window add evidence to its alert; a new alert for the account needs K + 1 beneficiaries
 * outside the earlier bursts' windows. Enterprise beneficiaries count as distinct beneficiaries too.
 */
public final class R09SharedPayeeAccount implements FraudRule {

    static final String ID = "R09";

    private final int maxBeneficiaries;
    private final int windowDays;

    public R09SharedPayeeAccount(RuleSettings settings) {
        this.maxBeneficiaries = BurstWindows.requireAtLeast(settings.integer(ID, "max-beneficiaries", 3), 1, ID,
                "max-beneficiaries");
        this.windowDays = BurstWindows.requireAtLeast(settings.integer(ID, "window-days", 30), 1, ID, "window-days");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "冒用身份 shared payee account";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, SubsidyPaid.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("max-beneficiaries", Integer.toString(maxBeneficiaries), "window-days",
                Integer.toString(windowDays));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r09_burst_member", "fraud_r09_burst", "fraud_r09_payment", "fraud_r09_subsidy");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            context.jdbc().update("INSERT INTO fraud_r09_subsidy (subsidy_id, beneficiary_ref, region_code) "
                            + "VALUES (?,?,?)", granted.subsidyId().toString(), beneficiaryRef(granted.beneficiary()),
                    granted.regionCode().value());
        } else if (fact instanceof SubsidyPaid paid) {
            paid(paid, event, context);
        }
    }

    private void paid(SubsidyPaid paid, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        List<Map<String, Object>> subsidy = jdbc.queryForList("SELECT beneficiary_ref, region_code "
                + "FROM fraud_r09_subsidy WHERE subsidy_id = ?", paid.subsidyId().toString());
        if (subsidy.isEmpty()) {
            return;
        }
        String account = paid.payeeAccountRef().value();
        String beneficiary = (String) subsidy.get(0).get("beneficiary_ref");
        String region = (String) subsidy.get(0).get("region_code");
        LocalDate day = event.occurredOn();
        // Every window that holds this payment lies within W − 1 days of it on either side.
        LocalDate from = day.minusDays(windowDays - 1L);
        LocalDate to = day.plusDays(windowDays - 1L);
        List<Window> bursts = jdbc.query("SELECT window_start, window_end FROM fraud_r09_burst "
                        + "WHERE account_ref = ? AND window_start <= ? AND window_end >= ?",
                (rs, row) -> new Window(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)),
                account, to, from);
        jdbc.update("INSERT INTO fraud_r09_payment (ledger_event_id, account_ref, paid_day, occurred_at, "
                        + "beneficiary_ref, region_code) VALUES (?,?,?,?,?,?)", event.ledgerEventId(), account, day,
                Bitemporal.micros(event.occurredAt()), beneficiary, region);
        Optional<Window> burst = BurstWindows.containing(bursts, day);
        if (burst.isPresent()) {
            // The burst's alert holds the earlier payments already; this one is added to it.
            Window window = burst.get();
            Integer member = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r09_burst_member WHERE account_ref = ? "
                    + "AND window_start = ? AND beneficiary_ref = ?", Integer.class, account, window.start(),
                    beneficiary);
            if (member == null || member == 0) {
                jdbc.update("INSERT INTO fraud_r09_burst_member (account_ref, window_start, beneficiary_ref) "
                        + "VALUES (?,?,?)", account, window.start(), beneficiary);
                jdbc.update("UPDATE fraud_r09_burst SET beneficiaries = beneficiaries + 1 WHERE account_ref = ? "
                        + "AND window_start = ?", account, window.start());
            }
            Integer people = jdbc.queryForObject("SELECT beneficiaries FROM fraud_r09_burst WHERE account_ref = ? "
                    + "AND window_start = ?", Integer.class, account, window.start());
            raise(account, window, people == null ? 0 : people, region, List.of(event.ledgerEventId()), context);
            return;
        }
        // Payments inside an earlier burst's window belong to that burst and do not count again.
        List<Occurrence> outside = jdbc.query("SELECT p.paid_day, p.beneficiary_ref FROM fraud_r09_payment p "
                        + "WHERE p.account_ref = ? AND p.paid_day BETWEEN ? AND ? AND NOT EXISTS ("
                        + "SELECT 1 FROM fraud_r09_burst b WHERE b.account_ref = p.account_ref "
                        + "AND p.paid_day BETWEEN b.window_start AND b.window_end)",
                (rs, row) -> new Occurrence(rs.getObject(1, LocalDate.class), rs.getString(2)), account, from, to);
        if (outside.stream().map(Occurrence::key).distinct().count() <= maxBeneficiaries) {
            return;
        }
        Optional<Window> firing = BurstWindows.firing(outside, day, windowDays, maxBeneficiaries);
        if (firing.isEmpty()) {
            return;
        }
        Window window = firing.get();
        List<Map<String, Object>> payments = jdbc.queryForList("SELECT ledger_event_id, beneficiary_ref, "
                + "region_code FROM fraud_r09_payment WHERE account_ref = ? AND paid_day BETWEEN ? AND ? "
                + "ORDER BY occurred_at, ledger_event_id", account, window.start(), window.end());
        List<String> members = payments.stream().map(p -> (String) p.get("beneficiary_ref")).distinct().toList();
        jdbc.update("INSERT INTO fraud_r09_burst (account_ref, window_start, window_end, beneficiaries) "
                + "VALUES (?,?,?,?)", account, window.start(), window.end(), members.size());
        for (String member : members) {
            jdbc.update("INSERT INTO fraud_r09_burst_member (account_ref, window_start, beneficiary_ref) "
                    + "VALUES (?,?,?)", account, window.start(), member);
        }
        int people = members.size();
        raise(account, window, people, (String) payments.get(0).get("region_code"),
                payments.stream().map(p -> (String) p.get("ledger_event_id")).toList(), context);
    }

    private void raise(String account, Window window, int people, String region, List<String> evidence,
                       RuleContext context) {
        String zh = "同一收款账户在 " + window.start() + " 至 " + window.end() + " 的 " + windowDays + " 天内收到 "
                + people + " 名不同受益人的补贴，超过 " + maxBeneficiaries + " 名";
        String en = "one payee account received subsidies of " + people + " distinct beneficiaries from "
                + window.start() + " to " + window.end() + " (" + windowDays + " days), more than "
                + maxBeneficiaries;
        context.raise(new AlertDraft(ID, Severity.HIGH, "account", account, window.label(), region, zh, en,
                evidence));
    }

    private static String beneficiaryRef(Beneficiary beneficiary) {
        return beneficiary.kind() == BeneficiaryKind.PERSON ? beneficiary.personRef().value()
                : "ENTERPRISE:" + beneficiary.enterpriseId().value();
    }
}
