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

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final RuleDescriptor descriptor;

    public R15ReverseInvoiceCap(RuleSettings settings) {
        this.cap = settings.money(ID, "cap", Money.parse("5000000"));
        this.months = settings.integer(ID, "months", 12);
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("R15.months must be 1-120");
        }
        this.descriptor = new RuleDescriptor(ID, "反向开票限额 reverse-invoice cap", Severity.HIGH,
                Set.of(ReverseInvoiceIssued.class, ReverseInvoiceVoided.class),
                List.of("fraud_r15_invoice", "fraud_r15_episode"))
                .withParameter("cap", cap.toString())
                .withParameter("months", Integer.toString(months));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        // A seller's episodes are written only beside an invoice of the seller, and no row of this rule
        // is ever deleted: a seller without invoices has no episodes either.
        KeyFilter selling = memory.keys(jdbc, "fraud_r15_invoice", "seller_ref");
        KeyFilter invoiced = memory.keys(jdbc, "fraud_r15_invoice", "invoice_no");
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
        Batch batch = new Batch(jdbc, selling, invoiced);
        PendingWrites.select(jdbc, "SELECT invoice_no, seller_ref, issued_on, amount_fen, ledger_event_id, voided "
                + "FROM fraud_r15_invoice WHERE invoice_no IN ", "", invoiced.mayHold(voided), batch::loaded);
        List<String> stored = selling.mayHold(sellers);
        if (!stored.isEmpty()) {
            // Every window an invoice of the batch looks at lies within this range of issue dates.
            LocalDate from = first.minusMonths(months);
            LocalDate to = last.plusMonths(months).plusDays(1);
            PendingWrites.select(jdbc, List.of(from, to), "SELECT invoice_no, seller_ref, issued_on, amount_fen, "
                    + "ledger_event_id, voided FROM fraud_r15_invoice WHERE issued_on >= ? AND issued_on <= ? "
                    + "AND seller_ref IN ", "", stored, batch::loaded);
            PendingWrites.select(jdbc, List.of(from, to), "SELECT seller_ref, window_from, window_to "
                            + "FROM fraud_r15_episode WHERE window_to >= ? AND window_from <= ? AND seller_ref IN ", "",
                    stored, rs -> batch.episodes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Episode(rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class))));
        }
        return batch;
    }

    /** One row of {@code fraud_r15_invoice}; it may be voided later. */
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

    private record Episode(LocalDate from, LocalDate to) {
    }

    /** The invoices and episodes of the batch's sellers within reach of its issue dates, and its voided invoices. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final Map<String, Invoice> byNumber = new HashMap<>();
        private final Set<String> voids = new LinkedHashSet<>();
        private final Map<String, List<Invoice>> bySeller = new HashMap<>();
        private final Map<String, List<Episode>> episodes = new HashMap<>();
        private final PendingWrites invoiceWrites;
        private final PendingWrites episodeWrites;
        /** Which sellers and invoice numbers the tables may have rows of. */
        private final KeyFilter selling;
        private final KeyFilter invoiced;

        Batch(JdbcTemplate jdbc, KeyFilter selling, KeyFilter invoiced) {
            this.jdbc = jdbc;
            this.invoiceWrites = new PendingWrites(jdbc);
            this.episodeWrites = new PendingWrites(jdbc);
            this.selling = selling;
            this.invoiced = invoiced;
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
            LocalDate issuedOn = invoice.issuedOn();
            invoiceWrites.add("INSERT INTO fraud_r15_invoice (invoice_no, seller_ref, issued_on, amount_fen, "
                            + "ledger_event_id, voided) VALUES (?,?,?,?,?,?)", invoice.invoiceNo().value(), seller,
                    issuedOn, invoice.amountExclVat().fen(), event.ledgerEventId(), 0);
            selling.add(seller);
            invoiced.add(invoice.invoiceNo().value());
            add(new Invoice(invoice.invoiceNo().value(), seller, issuedOn, invoice.amountExclVat().fen(),
                    event.ledgerEventId(), false));
            List<Invoice> ofSeller = bySeller.get(seller);

            // The windows that contain this invoice and end on an issue date: its own, and those ending on
            // the seller's later issue dates (only when invoices were recorded out of order).
            TreeSet<LocalDate> ends = new TreeSet<>();
            ends.add(issuedOn);
            LocalDate limit = issuedOn.plusMonths(months).plusDays(1);
            for (Invoice other : ofSeller) {
                if (!other.voided && other.issuedOn.isAfter(issuedOn) && other.issuedOn.isBefore(limit)) {
                    ends.add(other.issuedOn);
                }
            }
            for (LocalDate end : ends) {
                LocalDate from = windowFrom(end);
                if (from.isAfter(issuedOn)) {
                    continue;
                }
                long sum = 0;
                for (Invoice other : ofSeller) {
                    if (!other.voided && !other.issuedOn.isBefore(from) && !other.issuedOn.isAfter(end)) {
                        sum += other.amountFen;
                    }
                }
                if (sum > cap.fen()) {
                    raise(seller, from, end, Money.ofFen(sum), ofSeller, context);
                    return;
                }
            }
        }

        private void raise(String seller, LocalDate from, LocalDate to, Money sum, List<Invoice> ofSeller,
                           RuleContext context) {
            List<Episode> known = episodes.computeIfAbsent(seller, k -> new ArrayList<>());
            Optional<Episode> overlapping = known.stream()
                    .filter(e -> !e.to().isBefore(from) && !e.from().isAfter(to))
                    .max(Comparator.comparing(Episode::to).thenComparing(Episode::from));
            String window;
            if (overlapping.isEmpty()) {
                episodeWrites.add("INSERT INTO fraud_r15_episode (seller_ref, window_from, window_to) VALUES (?,?,?)",
                        seller, from, to);
                known.add(new Episode(from, to));
                window = from + "/" + to;
            } else {
                window = overlapping.get().from() + "/" + overlapping.get().to();
            }
            List<Invoice> inWindow = ofSeller.stream()
                    .filter(i -> !i.voided && !i.issuedOn.isBefore(from) && !i.issuedOn.isAfter(to)).toList();
            Map<String, Integer> rank = Sorted.ranks(jdbc, inWindow.stream().map(i -> i.invoiceNo).toList());
            List<String> evidence = inWindow.stream().sorted(Comparator.<Invoice, LocalDate>comparing(i -> i.issuedOn)
                    .thenComparing(i -> rank.get(i.invoiceNo))).map(i -> i.ledgerEventId).toList();
            context.raise(new AlertDraft(ID, Severity.HIGH, "person", seller, window, null,
                    "自然人出售者在 " + from + " 至 " + to + " 连续" + months + "个月内反向开票销售额(不含税) " + sum
                            + " 元，超过 " + cap + " 元上限",
                    "a natural-person seller's reverse-invoiced sales excluding VAT came to " + sum + " yuan from "
                            + from + " to " + to + ", above the cap of " + cap + " yuan for " + months
                            + " consecutive months",
                    evidence));
        }

        @Override
        public void flush() {
            invoiceWrites.flush();
            // Setting the flag is idempotent and the rows exist by now, so the voids go last, as one batch.
            PendingWrites.batch(jdbc, "UPDATE fraud_r15_invoice SET voided = 1 WHERE invoice_no = ?",
                    voids.stream().map(no -> new Object[]{no}).toList());
            voids.clear();
            episodeWrites.flush();
        }
    }

    private LocalDate windowFrom(LocalDate end) {
        return end.minusMonths(months).plusDays(1);
    }
}
