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

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * R15 反向开票限额: one natural-person seller whose reverse-invoiced sales, VAT excluded, exceed the
 * cap (5,000,000 yuan) over 12 consecutive months. STA Announcement 2024 No. 5 allows reverse
 * invoicing only for a seller within that cap, because above it the seller is a business that must
 * register for VAT; tax-inspection reporting on the scrap trade describes "sellers" fronting for
 * dealers, and borrowed identities (冒用身份) used to pass a dealer's volume off as private sales.
 * A window is 12 calendar months ending on an issue date, {@code issuedOn − 12 months + 1 day}
 * through {@code issuedOn}, both inclusive; voided invoices leave the sum when the void is recorded.
 * So that one case gives one alert, the window of the first crossing anchors an episode: a later
 * crossing whose window overlaps an episode's window adds its evidence to that episode's alert, and
 * only a crossing wholly after it opens a new one. Each alert names the invoices of the window that
 * crossed. An invoice recorded out of order is also tested against the windows that end at the
 * seller's later issue dates, as it may push one of them over.
 */
public final class R15ReverseInvoiceCap implements FraudRule {

    private static final String ID = "R15";

    private final Money cap;
    private final int months;

    public R15ReverseInvoiceCap(RuleSettings settings) {
        this.cap = settings.money(ID, "cap", Money.parse("5000000"));
        this.months = settings.integer(ID, "months", 12);
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("R15.months must be 1-120");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "反向开票限额 reverse-invoice cap";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(ReverseInvoiceIssued.class, ReverseInvoiceVoided.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("cap", cap.toString(), "months", Integer.toString(months));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r15_invoice", "fraud_r15_episode");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof ReverseInvoiceVoided voided) {
            context.jdbc().update("UPDATE fraud_r15_invoice SET voided = 1 WHERE invoice_no = ?",
                    voided.invoiceNo().value());
            return;
        }
        ReverseInvoiceIssued invoice = (ReverseInvoiceIssued) fact;
        String seller = invoice.seller().personRef().value();
        LocalDate issuedOn = invoice.issuedOn();
        context.jdbc().update("INSERT INTO fraud_r15_invoice (invoice_no, seller_ref, issued_on, amount_fen, "
                        + "ledger_event_id, voided) VALUES (?,?,?,?,?,0)", invoice.invoiceNo().value(), seller, issuedOn,
                invoice.amountExclVat().fen(), event.ledgerEventId());

        // The windows that contain this invoice and end on an issue date: its own, and those ending on
        // the seller's later issue dates (only when invoices were recorded out of order).
        TreeSet<LocalDate> ends = new TreeSet<>();
        ends.add(issuedOn);
        ends.addAll(context.jdbc().queryForList("SELECT DISTINCT issued_on FROM fraud_r15_invoice "
                        + "WHERE seller_ref = ? AND issued_on > ? AND issued_on < ? AND voided = 0", LocalDate.class,
                seller, issuedOn, issuedOn.plusMonths(months).plusDays(1)));
        for (LocalDate end : ends) {
            LocalDate from = windowFrom(end);
            if (from.isAfter(issuedOn)) {
                continue;
            }
            Long sum = context.jdbc().queryForObject("SELECT COALESCE(SUM(amount_fen), 0) FROM fraud_r15_invoice "
                    + "WHERE seller_ref = ? AND voided = 0 AND issued_on >= ? AND issued_on <= ?", Long.class,
                    seller, from, end);
            if (sum != null && sum > cap.fen()) {
                raise(seller, from, end, Money.ofFen(sum), context);
                return;
            }
        }
    }

    private LocalDate windowFrom(LocalDate end) {
        return end.minusMonths(months).plusDays(1);
    }

    private void raise(String seller, LocalDate from, LocalDate to, Money sum, RuleContext context) {
        List<Map<String, Object>> episodes = context.jdbc().queryForList("SELECT window_from, window_to "
                + "FROM fraud_r15_episode WHERE seller_ref = ? AND window_to >= ? AND window_from <= ? "
                + "ORDER BY window_to DESC, window_from DESC", seller, from, to);
        String window;
        if (episodes.isEmpty()) {
            context.jdbc().update("INSERT INTO fraud_r15_episode (seller_ref, window_from, window_to) VALUES (?,?,?)",
                    seller, from, to);
            window = from + "/" + to;
        } else {
            window = date(episodes.get(0).get("window_from")) + "/" + date(episodes.get(0).get("window_to"));
        }
        List<String> evidence = context.jdbc().queryForList("SELECT ledger_event_id FROM fraud_r15_invoice "
                + "WHERE seller_ref = ? AND voided = 0 AND issued_on >= ? AND issued_on <= ? "
                + "ORDER BY issued_on, invoice_no", String.class, seller, from, to);
        context.raise(new AlertDraft(ID, Severity.HIGH, "person", seller, window, null,
                "自然人出售者在 " + from + " 至 " + to + " 连续" + months + "个月内反向开票销售额(不含税) " + sum
                        + " 元，超过 " + cap + " 元上限",
                "a natural-person seller's reverse-invoiced sales excluding VAT came to " + sum + " yuan from " + from
                        + " to " + to + ", above the cap of " + cap + " yuan for " + months + " consecutive months",
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
