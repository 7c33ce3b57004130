package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R03 一机多卖: one physical product — one serial number within its product category — behind more
 * than one subsidy, or an appliance or digital subsidy that names no serial number, which would hide
 * the same trick; 一机多卖 is how public reporting and 公安 cases on 以旧换新 骗补 describe merchants
 * registering one machine, or a list of serial numbers, for several buyers' subsidies. Serial
 * numbers are compared exactly as posted, and every grant counts, reversed or not (docs/fraud-rules.md has R03
 * read {@code SubsidyGranted} only). One alert per {@code CATEGORY|serial} naming every grant with
 * it, or per subsidy for a missing serial number; a subject longer than the alert table's 160
 * characters (serial numbers may have 256) names the serial by its SHA-256 instead.
 */
public final class R03SerialNumberReuse implements FraudRule {

    static final String ID = "R03";

    /** The width of {@code fraud_alert.subject_ref}. */
    private static final int MAX_SUBJECT_LENGTH = 160;

    public R03SerialNumberReuse(RuleSettings settings) {
        // R03 has no parameters (docs/fraud-rules.md); the constructor keeps the shape every rule has.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "一机多卖 serial number reuse";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r03_serial");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        SubsidyGranted granted = (SubsidyGranted) fact;
        Product product = granted.product();
        String subsidyId = granted.subsidyId().value();
        if (product == null || product.serialNo() == null || product.serialNo().isBlank()) {
            if (granted.programme() == Programme.APPLIANCE || granted.programme() == Programme.DIGITAL) {
                context.raise(new AlertDraft(ID, severity(), "subsidy", subsidyId, null, granted.regionCode().value(),
                        granted.programme() + "补贴" + subsidyId + "未登记产品序列号",
                        granted.programme() + " subsidy " + subsidyId + " names no product serial number",
                        List.of(event.ledgerEventId())));
            }
            return;
        }
        String category = product.category().name();
        String serialNo = product.serialNo();
        List<String> evidence = new ArrayList<>();
        boolean known = false;
        for (Map<String, Object> row : context.jdbc().queryForList("SELECT subsidy_id, ledger_event_id "
                + "FROM fraud_r03_serial WHERE category = ? AND serial_no = ? ORDER BY occurred_at, subsidy_id",
                category, serialNo)) {
            known |= subsidyId.equals(row.get("subsidy_id"));
            evidence.add((String) row.get("ledger_event_id"));
        }
        if (!known) {
            context.jdbc().update("INSERT INTO fraud_r03_serial (category, serial_no, subsidy_id, ledger_event_id, "
                    + "occurred_at) VALUES (?,?,?,?,?)", category, serialNo, subsidyId, event.ledgerEventId(),
                    Bitemporal.micros(event.occurredAt()));
            evidence.add(event.ledgerEventId());
        }
        if (evidence.size() > 1) {
            context.raise(new AlertDraft(ID, severity(), "serial", subject(category, serialNo), null,
                    granted.regionCode().value(),
                    category + "序列号" + serialNo + "用于" + evidence.size() + "笔补贴（一机多卖）",
                    category + " serial number " + serialNo + " is behind " + evidence.size() + " subsidies",
                    evidence));
        }
    }

    static String subject(String category, String serialNo) {
        String subject = category + "|" + serialNo;
        if (subject.length() <= MAX_SUBJECT_LENGTH) {
            return subject;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(serialNo.getBytes(StandardCharsets.UTF_8));
            return category + "|sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
