package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
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

    public R16ReverseInvoiceTax(RuleSettings settings) {
        this.exemptMonthlySales = settings.money(ID, "exempt-monthly-sales", Money.parse("100000"));
        this.vatRate = settings.decimal(ID, "vat-rate", new BigDecimal("0.01"));
        this.incomeTaxRate = settings.decimal(ID, "income-tax-rate", new BigDecimal("0.005"));
        this.tolerance = settings.money(ID, "tolerance", Money.parse("0.01"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "反向开票税额 reverse-invoice tax";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(ReverseInvoiceIssued.class, ReverseInvoiceVoided.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("exempt-monthly-sales", exemptMonthlySales.toString(), "vat-rate", vatRate.toPlainString(),
                "income-tax-rate", incomeTaxRate.toPlainString(), "tolerance", tolerance.toString());
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r16_invoice", "fraud_r16_month");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof ReverseInvoiceVoided voided) {
            for (Map<String, Object> row : context.jdbc().queryForList("SELECT seller_ref, month_start, amount_fen "
                    + "FROM fraud_r16_invoice WHERE invoice_no = ? AND voided = 0", voided.invoiceNo().value())) {
                context.jdbc().update("UPDATE fraud_r16_invoice SET voided = 1 WHERE invoice_no = ?",
                        voided.invoiceNo().value());
                context.jdbc().update("UPDATE fraud_r16_month SET total_fen = total_fen - ?, invoices = invoices - 1 "
                        + "WHERE seller_ref = ? AND month_start = ?", row.get("amount_fen"), row.get("seller_ref"),
                        row.get("month_start"));
            }
            return;
        }
        ReverseInvoiceIssued invoice = (ReverseInvoiceIssued) fact;
        String seller = invoice.seller().personRef().value();
        LocalDate monthStart = invoice.issuedOn().withDayOfMonth(1);
        LocalDate monthEnd = monthStart.plusMonths(1).minusDays(1);
        Long before = context.jdbc().queryForObject("SELECT COALESCE(SUM(amount_fen), 0) FROM fraud_r16_invoice "
                + "WHERE seller_ref = ? AND voided = 0 AND issued_on >= ? AND issued_on <= ?", Long.class,
                seller, monthStart, monthEnd);
        // The month's running row and the invoice's number in the month, in recorded order.
        if (context.jdbc().update("UPDATE fraud_r16_month SET total_fen = total_fen + ?, invoices = invoices + 1, "
                        + "last_seq = last_seq + 1 WHERE seller_ref = ? AND month_start = ?",
                invoice.amountExclVat().fen(), seller, monthStart) == 0) {
            context.jdbc().update("INSERT INTO fraud_r16_month (seller_ref, month_start, total_fen, invoices, last_seq) "
                    + "VALUES (?,?,?,1,1)", seller, monthStart, invoice.amountExclVat().fen());
        }
        Long monthSeq = context.jdbc().queryForObject("SELECT last_seq FROM fraud_r16_month WHERE seller_ref = ? "
                + "AND month_start = ?", Long.class, seller, monthStart);
        context.jdbc().update("INSERT INTO fraud_r16_invoice (invoice_no, seller_ref, month_start, month_seq, issued_on, "
                        + "amount_fen, ledger_event_id, voided) VALUES (?,?,?,?,?,?,?,0)", invoice.invoiceNo().value(),
                seller, monthStart, monthSeq, invoice.issuedOn(), invoice.amountExclVat().fen(), event.ledgerEventId());

        Money monthTotal = Money.ofFen((before == null ? 0 : before) + invoice.amountExclVat().fen());
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
            evidence.addAll(context.jdbc().queryForList("SELECT ledger_event_id FROM fraud_r16_invoice "
                    + "WHERE seller_ref = ? AND voided = 0 AND issued_on >= ? AND issued_on <= ? AND invoice_no <> ? "
                    + "ORDER BY month_seq", String.class, seller, monthStart, monthEnd,
                    invoice.invoiceNo().value()));
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
        context.raise(new AlertDraft(ID, Severity.MEDIUM, "reverse-invoice", invoice.invoiceNo().value(), null, null,
                zh.toString(), en.toString(), evidence));
    }

    private boolean off(Money actual, BigDecimal expected) {
        return actual.toYuan().subtract(expected).abs().compareTo(tolerance.toYuan()) > 0;
    }

    private static String money(BigDecimal yuan) {
        return yuan.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
