package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
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

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R16 反向开票税额: a reverse invoice whose VAT or withheld income tax does not follow STA
 * Announcement 2024 No. 5 — VAT exempt while the seller's sales in the month stay at or below
 * 100,000 yuan, 1% above that, and 0.5% of the sales withheld as income tax. Tax authorities'
 * reporting on reverse invoicing names wrong tax lines as the mark of invoices made to shift input
 * VAT or to hide income, and audit findings on trade-in recycling flag invoices whose figures do
 * not add up. Each invoice is judged once, as issued: the month total is the seller's non-voided
 * invoices of that calendar month recorded so far, this one included, so an invoice that takes the
 * month above the threshold owes 1% while earlier ones of the month are not judged again. A figure
 * is wrong when it differs from the expected one (the rate times the amount, unrounded) by more
 * than the tolerance. When the 1% is owed only because of the seller's other invoices of the
 * month, those invoices are evidence too.
 */
public final class R16ReverseInvoiceTax implements FraudRule {

    private static final String ID = "R16";

    private final Money exemptMonthlySales;
    private final BigDecimal vatRate;
    private final BigDecimal incomeTaxRate;
    private final Money tolerance;
    private final RuleDescriptor descriptor;

    public R16ReverseInvoiceTax(RuleSettings settings) {
        this.exemptMonthlySales = settings.money(ID, "exempt-monthly-sales", Money.parse("100000"));
        this.vatRate = settings.decimal(ID, "vat-rate", new BigDecimal("0.01"));
        this.incomeTaxRate = settings.decimal(ID, "income-tax-rate", new BigDecimal("0.005"));
        this.tolerance = settings.money(ID, "tolerance", Money.parse("0.01"));
        this.descriptor = new RuleDescriptor(ID, "反向开票税额 reverse-invoice tax", Severity.MEDIUM,
                Set.of(ReverseInvoiceIssued.class, ReverseInvoiceVoided.class), List.of("fraud_r16_invoice"))
                .withParameter("exempt-monthly-sales", exemptMonthlySales.toString())
                .withParameter("vat-rate", vatRate.toPlainString())
                .withParameter("income-tax-rate", incomeTaxRate.toPlainString())
                .withParameter("tolerance", tolerance.toString());
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc) {
        Set<String> sellers = new LinkedHashSet<>();
        Set<String> voided = new LinkedHashSet<>();
        LocalDate first = null;
        LocalDate last = null;
        for (FraudEvent item : events) {
            if (item.fact() instanceof ReverseInvoiceIssued invoice) {
                sellers.add(invoice.seller().personRef().value());
                first = first == null || invoice.issuedOn().isBefore(first) ? invoice.issuedOn() : first;
                last = last == null || invoice.issuedOn().isAfter(last) ? invoice.issuedOn() : last;
            } else if (item.fact() instanceof ReverseInvoiceVoided void_) {
                voided.add(void_.invoiceNo().value());
            }
        }
        Batch batch = new Batch(jdbc);
        PendingWrites.select(jdbc, "SELECT invoice_no, seller_ref, issued_on, amount_fen, ledger_event_id, voided "
                + "FROM fraud_r16_invoice WHERE invoice_no IN ", "", voided, batch::loaded);
        if (!sellers.isEmpty()) {
            // Every month an invoice of the batch looks at lies within this range of issue dates.
            LocalDate from = first.withDayOfMonth(1);
            LocalDate to = last.withDayOfMonth(1).plusMonths(1).minusDays(1);
            PendingWrites.select(jdbc, List.of(from, to), "SELECT invoice_no, seller_ref, issued_on, amount_fen, "
                    + "ledger_event_id, voided FROM fraud_r16_invoice WHERE issued_on >= ? AND issued_on <= ? "
                    + "AND seller_ref IN ", "", sellers, batch::loaded);
        }
        return batch;
    }

    /** One row of {@code fraud_r16_invoice}; it may be voided later. */
    private static final class Invoice {
        final String invoiceNo;
        final String sellerRef;
        final LocalDate issuedOn;
        final long amountFen;
        final String ledgerEventId;
        boolean voided;

        Invoice(String invoiceNo, String sellerRef, LocalDate issuedOn, long amountFen, String ledgerEventId,
                boolean voided) {
            this.invoiceNo = invoiceNo;
            this.sellerRef = sellerRef;
            this.issuedOn = issuedOn;
            this.amountFen = amountFen;
            this.ledgerEventId = ledgerEventId;
            this.voided = voided;
        }
    }

    /** The invoices of the batch's sellers in the months of its issue dates, and its voided invoices. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final Map<String, Invoice> byNumber = new HashMap<>();
        private final Set<String> voids = new LinkedHashSet<>();
        private final Map<String, List<Invoice>> bySeller = new HashMap<>();
        private final PendingWrites writes;

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.writes = new PendingWrites(jdbc);
        }

        private void loaded(ResultSet rs) throws SQLException {
            if (byNumber.containsKey(rs.getString(1))) {
                return;
            }
            add(new Invoice(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4),
                    rs.getString(5), rs.getInt(6) == 1));
        }

        private void add(Invoice invoice) {
            byNumber.put(invoice.invoiceNo, invoice);
            bySeller.computeIfAbsent(invoice.sellerRef, k -> new ArrayList<>()).add(invoice);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof ReverseInvoiceVoided voided) {
                // A void of an invoice not recorded (yet) changes no row, as the UPDATE it replaces did not.
                Invoice known = byNumber.get(voided.invoiceNo().value());
                if (known != null) {
                    known.voided = true;
                    voids.add(known.invoiceNo);
                }
                return;
            }
            ReverseInvoiceIssued invoice = (ReverseInvoiceIssued) fact;
            String seller = invoice.seller().personRef().value();
            LocalDate monthStart = invoice.issuedOn().withDayOfMonth(1);
            LocalDate monthEnd = monthStart.plusMonths(1).minusDays(1);
            List<Invoice> ofMonth = bySeller.getOrDefault(seller, List.of()).stream()
                    .filter(i -> !i.voided && !i.issuedOn.isBefore(monthStart) && !i.issuedOn.isAfter(monthEnd))
                    .toList();
            long before = ofMonth.stream().mapToLong(i -> i.amountFen).sum();
            writes.add("INSERT INTO fraud_r16_invoice (invoice_no, seller_ref, issued_on, amount_fen, "
                            + "ledger_event_id, voided) VALUES (?,?,?,?,?,0)", invoice.invoiceNo().value(), seller,
                    invoice.issuedOn(), invoice.amountExclVat().fen(), event.ledgerEventId());
            add(new Invoice(invoice.invoiceNo().value(), seller, invoice.issuedOn(), invoice.amountExclVat().fen(),
                    event.ledgerEventId(), false));

            Money monthTotal = Money.ofFen(before + invoice.amountExclVat().fen());
            boolean taxable = monthTotal.compareTo(exemptMonthlySales) > 0;
            BigDecimal amount = invoice.amountExclVat().toYuan();
            BigDecimal expectedVat = taxable ? amount.multiply(vatRate) : BigDecimal.ZERO;
            BigDecimal expectedIncomeTax = amount.multiply(incomeTaxRate);
            boolean vatWrong = off(invoice.vat(), expectedVat);
            boolean incomeTaxWrong = off(invoice.incomeTaxWithheld(), expectedIncomeTax);
            if (!vatWrong && !incomeTaxWrong) {
                return;
            }

            List<String> evidence = new ArrayList<>();
            if (vatWrong && taxable && invoice.amountExclVat().compareTo(exemptMonthlySales) <= 0) {
                List<Invoice> others = ofMonth.stream().filter(i -> !i.invoiceNo.equals(invoice.invoiceNo().value()))
                        .toList();
                Map<String, Integer> rank = Sorted.ranks(jdbc, others.stream().map(i -> i.invoiceNo).toList());
                others.stream().sorted(Comparator.<Invoice, LocalDate>comparing(i -> i.issuedOn)
                        .thenComparing(i -> rank.get(i.invoiceNo))).forEach(i -> evidence.add(i.ledgerEventId));
            }
            evidence.add(event.ledgerEventId());

            StringBuilder zh = new StringBuilder("反向发票 " + invoice.invoiceNo() + " 税额有误：");
            StringBuilder en = new StringBuilder("reverse invoice " + invoice.invoiceNo() + " has wrong tax: ");
            String month = monthStart.toString().substring(0, 7);
            if (vatWrong) {
                zh.append("出售者 ").append(month).append(" 月销售额 ").append(monthTotal).append(" 元，增值税应为 ")
                        .append(money(expectedVat)).append(" 元，实为 ").append(invoice.vat()).append(" 元");
                en.append("the seller's sales in ").append(month).append(" come to ").append(monthTotal)
                        .append(" yuan, so VAT should be ").append(money(expectedVat)).append(" yuan, not ")
                        .append(invoice.vat());
            }
            if (incomeTaxWrong) {
                if (vatWrong) {
                    zh.append("；");
                    en.append("; ");
                }
                zh.append("代扣个人所得税应为 ").append(money(expectedIncomeTax)).append(" 元，实为 ")
                        .append(invoice.incomeTaxWithheld()).append(" 元");
                en.append("income tax withheld should be ").append(money(expectedIncomeTax)).append(" yuan, not ")
                        .append(invoice.incomeTaxWithheld());
            }
            context.raise(new AlertDraft(ID, Severity.MEDIUM, "reverse-invoice", invoice.invoiceNo().value(), null,
                    null, zh.toString(), en.toString(), evidence));
        }

        @Override
        public void flush() {
            writes.flush();
            // Setting the flag is idempotent and the rows exist by now, so the voids go last, as one batch.
            PendingWrites.batch(jdbc, "UPDATE fraud_r16_invoice SET voided = 1 WHERE invoice_no = ?",
                    voids.stream().map(no -> new Object[]{no}).toList());
            voids.clear();
        }
    }

    private boolean off(Money actual, BigDecimal expected) {
        return actual.toYuan().subtract(expected).abs().compareTo(tolerance.toYuan()) > 0;
    }

    private static String money(BigDecimal yuan) {
        return yuan.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
