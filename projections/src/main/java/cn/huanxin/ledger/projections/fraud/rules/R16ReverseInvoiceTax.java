package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * month, those invoices are evidence too, in the order they were recorded: all of them up to 2N
 * (the evidence bound, {@link RuleContext#evidenceBound()}), past that the first N and the latest N
 * and the number left out between them.
 * <p>
 * The month is kept as a running total ({@code fraud_r16_month}: the sum and number of the seller's
 * invoices not voided, and the last number given), and each invoice is numbered within its month in
 * recorded order ({@code month_seq}), so that a batch reads, per month it touches, the month's row
 * and no more than its first and latest invoices, however many the month holds.
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
                Set.of(ReverseInvoiceIssued.class, ReverseInvoiceVoided.class), List.of("fraud_r16_invoice", "fraud_r16_month"))
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
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        // A seller's months are written only beside an invoice of the seller, and no row of this rule is
        // ever deleted: a seller without invoices has no months either.
        KeyFilter selling = memory.keys(jdbc, "fraud_r16_invoice", "seller_ref");
        KeyFilter invoiced = memory.keys(jdbc, "fraud_r16_invoice", "invoice_no");
        Set<String> voided = new LinkedHashSet<>();
        Batch batch = new Batch(jdbc, evidenceBound, selling, invoiced);
        for (FraudEvent item : events) {
            if (item.fact() instanceof ReverseInvoiceIssued invoice) {
                batch.touches(invoice.seller().personRef().value(), invoice.issuedOn().withDayOfMonth(1));
            } else if (item.fact() instanceof ReverseInvoiceVoided void_) {
                voided.add(void_.invoiceNo().value());
            }
        }
        PendingWrites.select(jdbc, "SELECT " + INVOICE_COLUMNS + " FROM fraud_r16_invoice WHERE invoice_no IN ", "",
                invoiced.mayHold(voided), rs -> {
                    Invoice invoice = batch.loaded(rs);
                    if (!invoice.voided) {
                        batch.touches(invoice.sellerRef, invoice.monthStart);
                    }
                });
        if (batch.months.isEmpty()) {
            return batch;
        }
        // Every month the batch touches lies within this range, and belongs to one of these sellers.
        LocalDate from = batch.months.keySet().stream().map(MonthKey::start).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = batch.months.keySet().stream().map(MonthKey::start).max(LocalDate::compareTo).orElseThrow();
        Set<String> touched = new LinkedHashSet<>();
        batch.months.keySet().forEach(key -> touched.add(key.sellerRef()));
        List<String> sellers = selling.mayHold(touched);
        PendingWrites.select(jdbc, List.of(from, to), "SELECT seller_ref, month_start, total_fen, invoices, last_seq "
                + "FROM fraud_r16_month WHERE month_start >= ? AND month_start <= ? AND seller_ref IN ", "", sellers,
                rs -> {
                    Month month = batch.months.get(new MonthKey(rs.getString(1), rs.getObject(2, LocalDate.class)));
                    if (month != null) {
                        month.stored(rs.getLong(3), rs.getLong(4), rs.getLong(5));
                    }
                });
        // A void of the batch takes at most one invoice out of either end of a month, so each end is
        // read one invoice deeper per void. A month of no more than both ends is read whole, with
        // every such month in one query; a longer one only its two ends, with a query each.
        long end = (long) evidenceBound + voided.size();
        PendingWrites.select(jdbc, List.of(from, to, 2L * end), "SELECT i.invoice_no, i.seller_ref, i.month_start, "
                        + "i.month_seq, i.amount_fen, i.ledger_event_id, i.voided FROM fraud_r16_invoice i "
                        + "JOIN fraud_r16_month m ON m.seller_ref = i.seller_ref AND m.month_start = i.month_start "
                        + "WHERE m.month_start >= ? AND m.month_start <= ? AND m.invoices <= ? AND i.voided = 0 "
                        + "AND m.seller_ref IN ", "", sellers, batch::loadedOfMonth);
        for (Month month : batch.months.values()) {
            if (month.invoices > 2L * end) {
                for (String order : List.of("", " DESC")) {
                    jdbc.query("SELECT " + INVOICE_COLUMNS + " FROM fraud_r16_invoice WHERE seller_ref = ? AND "
                                    + "month_start = ? AND voided = 0 ORDER BY month_seq" + order + " LIMIT ?",
                            batch::loadedOfMonth, month.key.sellerRef(), month.key.start(), end);
                }
            }
        }
        return batch;
    }

    private static final String INVOICE_COLUMNS =
            "invoice_no, seller_ref, month_start, month_seq, amount_fen, ledger_event_id, voided";

    /** One row of {@code fraud_r16_invoice}; it may be voided later. */
    private static final class Invoice {
        final String invoiceNo;
        final String sellerRef;
        final LocalDate monthStart;
        final long monthSeq;
        final long amountFen;
        final String ledgerEventId;
        boolean voided;

        Invoice(String invoiceNo, String sellerRef, LocalDate monthStart, long monthSeq, long amountFen,
                String ledgerEventId, boolean voided) {
            this.invoiceNo = invoiceNo;
            this.sellerRef = sellerRef;
            this.monthStart = monthStart;
            this.monthSeq = monthSeq;
            this.amountFen = amountFen;
            this.ledgerEventId = ledgerEventId;
            this.voided = voided;
        }
    }

    private record MonthKey(String sellerRef, LocalDate start) {
    }

    /**
     * One seller's calendar month: its row of {@code fraud_r16_month}, and the invoices not voided
     * that the batch knows, by {@code month_seq}. Those are all of the month's when it was read whole
     * or is new; otherwise its first and latest ones, and the {@code invoices − known} that the batch
     * does not know lie between them.
     */
    private static final class Month {
        final MonthKey key;
        final TreeMap<Long, Invoice> known = new TreeMap<>();
        long totalFen;
        long invoices;
        long lastSeq;
        boolean stored;
        boolean changed;

        Month(MonthKey key) {
            this.key = key;
        }

        void stored(long totalFen, long invoices, long lastSeq) {
            this.totalFen = totalFen;
            this.invoices = invoices;
            this.lastSeq = lastSeq;
            this.stored = true;
        }

        void add(Invoice invoice) {
            known.put(invoice.monthSeq, invoice);
            totalFen += invoice.amountFen;
            invoices++;
            changed = true;
        }

        void remove(Invoice invoice) {
            known.remove(invoice.monthSeq);
            totalFen -= invoice.amountFen;
            invoices--;
            changed = true;
        }
    }

    /** The months the batch's invoices and voids touch, and its voided invoices. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final int evidenceBound;
        private final Map<String, Invoice> byNumber = new HashMap<>();
        private final Map<MonthKey, Month> months = new HashMap<>();
        private final Set<String> voids = new LinkedHashSet<>();
        private final PendingWrites writes;

        /** Which sellers and invoice numbers the tables may have rows of. */
        private final KeyFilter selling;
        private final KeyFilter invoiced;

        Batch(JdbcTemplate jdbc, int evidenceBound, KeyFilter selling, KeyFilter invoiced) {
            this.jdbc = jdbc;
            this.evidenceBound = evidenceBound;
            this.writes = new PendingWrites(jdbc);
            this.selling = selling;
            this.invoiced = invoiced;
        }

        private void touches(String sellerRef, LocalDate monthStart) {
            months.computeIfAbsent(new MonthKey(sellerRef, monthStart), Month::new);
        }

        /** The invoice of a row of {@link #INVOICE_COLUMNS}: one object per invoice, however often it is read. */
        private Invoice loaded(ResultSet rs) throws SQLException {
            Invoice known = byNumber.get(rs.getString(1));
            if (known != null) {
                return known;
            }
            Invoice invoice = new Invoice(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                    rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getInt(7) == 1);
            byNumber.put(invoice.invoiceNo, invoice);
            return invoice;
        }

        private void loadedOfMonth(ResultSet rs) throws SQLException {
            Month month = months.get(new MonthKey(rs.getString(2), rs.getObject(3, LocalDate.class)));
            if (month != null) {
                Invoice invoice = loaded(rs);
                month.known.put(invoice.monthSeq, invoice);
            }
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof ReverseInvoiceVoided voided) {
                // A void of an invoice not recorded (yet) changes no row, as the UPDATE it replaces did not.
                Invoice known = byNumber.get(voided.invoiceNo().value());
                if (known != null && !known.voided) {
                    known.voided = true;
                    voids.add(known.invoiceNo);
                    months.get(new MonthKey(known.sellerRef, known.monthStart)).remove(known);
                }
                return;
            }
            ReverseInvoiceIssued invoice = (ReverseInvoiceIssued) fact;
            String seller = invoice.seller().personRef().value();
            LocalDate monthStart = invoice.issuedOn().withDayOfMonth(1);
            Month month = months.computeIfAbsent(new MonthKey(seller, monthStart), Month::new);
            long before = month.totalFen;
            Invoice added = new Invoice(invoice.invoiceNo().value(), seller, monthStart, month.lastSeq + 1,
                    invoice.amountExclVat().fen(), event.ledgerEventId(), false);
            month.lastSeq = added.monthSeq;
            month.add(added);
            byNumber.put(added.invoiceNo, added);
            writes.add("INSERT INTO fraud_r16_invoice (invoice_no, seller_ref, month_start, month_seq, issued_on, "
                            + "amount_fen, ledger_event_id, voided) VALUES (?,?,?,?,?,?,?,?)", added.invoiceNo, seller,
                    monthStart, added.monthSeq, invoice.issuedOn(), added.amountFen, event.ledgerEventId(), 0);
            selling.add(seller);
            invoiced.add(added.invoiceNo);

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
            long omitted = 0;
            if (vatWrong && taxable && invoice.amountExclVat().compareTo(exemptMonthlySales) <= 0) {
                omitted = others(month, added, evidence);
            }
            evidence.add(event.ledgerEventId());

            StringBuilder zh = new StringBuilder("反向发票 " + invoice.invoiceNo() + " 税额有误：");
            StringBuilder en = new StringBuilder("reverse invoice " + invoice.invoiceNo() + " has wrong tax: ");
            String yearMonth = monthStart.toString().substring(0, 7);
            if (vatWrong) {
                zh.append("出售者 ").append(yearMonth).append(" 月销售额 ").append(monthTotal).append(" 元，增值税应为 ")
                        .append(money(expectedVat)).append(" 元，实为 ").append(invoice.vat()).append(" 元");
                en.append("the seller's sales in ").append(yearMonth).append(" come to ").append(monthTotal)
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
                    null, zh.toString(), en.toString(), evidence, omitted == 0 ? evidence.size() : evidenceBound,
                    omitted));
        }

        /**
         * Lists the month's other invoices in recorded order — all of them up to 2N, past that the
         * first N and the latest N — and answers how many it left out between them.
         */
        private long others(Month month, Invoice invoice, List<String> evidence) {
            long others = month.invoices - 1;
            if (others <= 2L * evidenceBound) {
                month.known.values().stream().filter(i -> i != invoice).forEach(i -> evidence.add(i.ledgerEventId));
                return 0;
            }
            Iterator<Invoice> first = month.known.values().iterator();
            while (evidence.size() < evidenceBound) {
                evidence.add(first.next().ledgerEventId);
            }
            List<String> latest = new ArrayList<>(evidenceBound);
            Iterator<Invoice> last = month.known.descendingMap().values().iterator();
            while (latest.size() < evidenceBound) {
                Invoice other = last.next();
                if (other != invoice) {
                    latest.add(other.ledgerEventId);
                }
            }
            Collections.reverse(latest);
            evidence.addAll(latest);
            return others - 2L * evidenceBound;
        }

        @Override
        public void flush() {
            writes.flush();
            // Setting the flag is idempotent and the rows exist by now, so the voids go last, as one batch.
            PendingWrites.batch(jdbc, "UPDATE fraud_r16_invoice SET voided = 1 WHERE invoice_no = ?",
                    voids.stream().map(no -> new Object[]{no}).toList());
            voids.clear();
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            for (Month month : months.values()) {
                if (month.changed && month.stored) {
                    updates.add(new Object[]{month.totalFen, month.invoices, month.lastSeq, month.key.sellerRef(),
                            month.key.start()});
                } else if (month.changed) {
                    inserts.add(new Object[]{month.key.sellerRef(), month.key.start(), month.totalFen, month.invoices,
                            month.lastSeq});
                }
                month.stored |= month.changed;
                month.changed = false;
            }
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r16_month (seller_ref, month_start, total_fen, invoices, "
                    + "last_seq) VALUES (?,?,?,?,?)", inserts);
            PendingWrites.batch(jdbc, "UPDATE fraud_r16_month SET total_fen = ?, invoices = ?, last_seq = ? "
                    + "WHERE seller_ref = ? AND month_start = ?", updates);
        }
    }

    private boolean off(Money actual, BigDecimal expected) {
        return actual.toYuan().subtract(expected).abs().compareTo(tolerance.toYuan()) > 0;
    }

    private static String money(BigDecimal yuan) {
        return yuan.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
