package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * R10 重复发票: one purchase invoice number behind more than one subsidy. Tax-authority and audit
 * findings on the 以旧换新 programme, and public-security cases of 虚开发票 and 骗补, report one invoice
 * presented for several subsidy claims (一票多用) — the same sale claimed twice, or an invoice copied
 * onto fabricated sales. Invoice numbers are compared exactly as recorded. Every grant that names
 * the number counts, reversed or not: the rule reads only grants, and a reversal does not make a
 * reused invoice genuine. The first grant is evidence together with every later one.
 */
public final class R10InvoiceReuse implements FraudRule {

    static final String ID = "R10";

    public R10InvoiceReuse(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "重复发票 invoice reuse";
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
        return List.of("fraud_r10_invoice");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (!(fact instanceof SubsidyGranted granted) || granted.invoiceNo() == null) {
            return;
        }
        JdbcTemplate jdbc = context.jdbc();
        String invoiceNo = granted.invoiceNo();
        List<Map<String, Object>> earlier = jdbc.queryForList("SELECT ledger_event_id, region_code FROM fraud_r10_invoice "
                + "WHERE invoice_no = ? ORDER BY seq", invoiceNo);
        List<String> evidence = new ArrayList<>(earlier.stream().map(r -> (String) r.get("ledger_event_id")).toList());
        if (evidence.contains(event.ledgerEventId())) {
            return;
        }
        jdbc.update("INSERT INTO fraud_r10_invoice (invoice_no, ledger_event_id, seq, subsidy_id, region_code) "
                        + "VALUES (?,?,?,?,?)", invoiceNo, event.ledgerEventId(), evidence.size(),
                granted.subsidyId().toString(), granted.regionCode().value());
        if (evidence.isEmpty()) {
            return;
        }
        evidence.add(event.ledgerEventId());
        String region = (String) earlier.get(0).get("region_code");
        String zh = "发票号 " + invoiceNo + " 被 " + evidence.size() + " 笔补贴重复使用";
        String en = "invoice " + invoiceNo + " is behind " + evidence.size() + " subsidies";
        context.raise(new AlertDraft(ID, Severity.HIGH, "invoice", invoiceNo, null, region, zh, en, evidence));
    }
}
