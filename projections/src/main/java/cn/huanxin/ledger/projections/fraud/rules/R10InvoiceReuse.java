package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.KeyedRows;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    private final RuleDescriptor descriptor;

    public R10InvoiceReuse(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.descriptor = new RuleDescriptor(ID, "重复发票 invoice reuse", Severity.HIGH,
                Set.of(SubsidyGranted.class), List.of("fraud_r10_invoice"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r10_invoice", "invoice_no");
        Set<String> invoices = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted && granted.invoiceNo() != null) {
                invoices.add(granted.invoiceNo());
            }
        }
        KeyedRows<String, List<Use>> uses = memory.rows("fraud_r10_invoice");
        uses.load(invoices, unknown -> {
            Map<String, List<Use>> read = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT invoice_no, ledger_event_id, region_code FROM fraud_r10_invoice "
                    + "WHERE invoice_no IN ", " ORDER BY invoice_no, seq", stored.mayHold(unknown), rs -> read
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Use(rs.getString(2), rs.getString(3))));
            return read;
        }, invoice -> new ArrayList<>());
        return new Batch(uses, jdbc, stored);
    }

    /** One grant that named the invoice, in the order recorded ({@code seq}). */
    private record Use(String ledgerEventId, String regionCode) {
    }

    /** The uses of the batch's invoice numbers. */
    private static final class Batch implements RuleBatch {

        private final KeyedRows<String, List<Use>> uses;
        private final JdbcTemplate jdbc;
        private final KeyFilter stored;

        Batch(KeyedRows<String, List<Use>> uses, JdbcTemplate jdbc, KeyFilter stored) {
            this.uses = uses;
            this.jdbc = jdbc;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (!(fact instanceof SubsidyGranted granted) || granted.invoiceNo() == null) {
                return;
            }
            String invoiceNo = granted.invoiceNo();
            List<Use> earlier = uses.get(invoiceNo);
            List<String> evidence = new ArrayList<>(earlier.stream().map(Use::ledgerEventId).toList());
            if (evidence.contains(event.ledgerEventId())) {
                return;
            }
            uses.write(invoiceNo, "INSERT INTO fraud_r10_invoice (invoice_no, ledger_event_id, seq, subsidy_id, region_code) "
                            + "VALUES (?,?,?,?,?)", invoiceNo, event.ledgerEventId(), evidence.size(),
                    granted.subsidyId().toString(), granted.regionCode().value());
            stored.add(invoiceNo);
            earlier.add(new Use(event.ledgerEventId(), granted.regionCode().value()));
            if (evidence.isEmpty()) {
                return;
            }
            evidence.add(event.ledgerEventId());
            String region = earlier.get(0).regionCode();
            String zh = "发票号 " + invoiceNo + " 被 " + evidence.size() + " 笔补贴重复使用";
            String en = "invoice " + invoiceNo + " is behind " + evidence.size() + " subsidies";
            context.raise(new AlertDraft(ID, Severity.HIGH, "invoice", invoiceNo, null, region, zh, en, evidence));
        }

        @Override
        public void flush() {
            uses.flush(jdbc);
        }
    }
}
