package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * R22 活动期间提价 campaign price markup: a merchant sells a model under the subsidy at a price well
 * above what it, or the market, asked for the same model shortly before. The 2024 provincial audit
 * reports published in 2025 (Chongqing, Hebei) found merchants raising prices during the campaign
 * above those of the prior three to five months, so that the subsidy went to the merchant rather
 * than the buyer.
 * <p>
 * A grant with a {@code merchantId} and a {@code product} is judged against the earlier grants of
 * the same model ({@code category}, {@code brand}, {@code model}, compared exactly as posted):
 * "earlier" means recorded before it (global order) with an {@code occurredAt} date (Asia/Shanghai)
 * from D calendar days before its own date up to the day before it, so grants of its own day never
 * count. It is raised when its price is more than (1 + P) × (a) the median price of the same
 * merchant's earlier grants of the model, given at least M of them, or more than (1 + Q) × (b) the
 * median price of the other merchants' earlier grants of the model, given at least M of them from at
 * least K distinct merchants. The median of an even count is the mean of the two middle prices,
 * compared exactly (in half fen). Every grant with a merchant and a price counts, whatever its
 * programme and whether or not it was reversed later (R22 reads {@code SubsidyGranted} only).
 * <p>
 * One alert per merchant, model and calendar month of the grant's date (subject
 * {@code merchantId|CATEGORY|brand|model}; when that is longer than the alert table's 300
 * characters, brand and model are named by the SHA-256 of {@code brand|model}). Its first raise names
 * the grant, then the grants behind each median that was exceeded — the merchant's own first, then
 * the other merchants', each by {@code occurredAt}, then ledger event id — all of them up to 2N,
 * past that the first N and the latest N and the number between. A later grant of the same
 * merchant, model and month that is also marked up adds itself only: its comparison base is mostly
 * the one already named, and naming it again would count it again once the alert holds more than
 * 2N events; the summary shows the latest grant's price and medians.
 * <p>
 * State, per batch: for each model the batch's grants name, the price histogram of its grants over
 * each grant's day and the D days before it (table {@code fraud_r22_price}: one
 * row per model, day, merchant and price with the number of grants, so a model that sells at a
 * handful of prices is a handful of rows a day however many grants it has), and the
 * merchant-model-months already alerted among the batch's subjects ({@code fraud_r22_alerted}). The
 * grants themselves ({@code fraud_r22_grant}) are read only when an alert is raised for the first
 * time, for the model and D days of that grant. The histograms are kept from batch to batch in the
 * rule's {@link RuleMemory} ({@link DayMemory}, one entry per row of {@code fraud_r22_price}): a batch
 * reads only the days of a model that no earlier batch has read. A grant is judged against its
 * window's running sums ({@link R22Windows}, kept beside the histograms), not by walking the cells of
 * D days; the cells are walked only for an alert's medians and counts.
 */
public final class R22CampaignPriceMarkup implements FraudRule {

    static final String ID = "R22";

    /** The width of {@code fraud_alert.subject_ref}. */
    private static final int MAX_SUBJECT_LENGTH = 300;

    private final BigDecimal merchantMarkup;
    private final BigDecimal marketMarkup;
    /** 1 + the markups: a price above the median times this is marked up. */
    private final BigDecimal merchantFactor;
    private final BigDecimal marketFactor;
    private final int lookbackDays;
    private final int minGrants;
    private final int minMerchants;
    private final RuleDescriptor descriptor;

    public R22CampaignPriceMarkup(RuleSettings settings) {
        this.merchantMarkup = requireNotNegative(settings.decimal(ID, "merchant-markup", new BigDecimal("0.10")),
                "merchant-markup");
        this.marketMarkup = requireNotNegative(settings.decimal(ID, "market-markup", new BigDecimal("0.20")),
                "market-markup");
        this.merchantFactor = BigDecimal.ONE.add(merchantMarkup);
        this.marketFactor = BigDecimal.ONE.add(marketMarkup);
        this.lookbackDays = BurstWindows.requireAtLeast(settings.integer(ID, "lookback-days", 90), 1, ID,
                "lookback-days");
        this.minGrants = BurstWindows.requireAtLeast(settings.integer(ID, "min-grants", 3), 1, ID, "min-grants");
        this.minMerchants = BurstWindows.requireAtLeast(settings.integer(ID, "min-merchants", 2), 1, ID,
                "min-merchants");
        this.descriptor = new RuleDescriptor(ID, "活动期间提价 campaign price markup", Severity.MEDIUM,
                Set.of(SubsidyGranted.class), List.of("fraud_r22_price", "fraud_r22_grant", "fraud_r22_alerted"))
                .withParameter("merchant-markup", merchantMarkup.toPlainString())
                .withParameter("market-markup", marketMarkup.toPlainString())
                .withParameter("lookback-days", Integer.toString(lookbackDays))
                .withParameter("min-grants", Integer.toString(minGrants))
                .withParameter("min-merchants", Integer.toString(minMerchants))
                // the batches read fraud_r22_grant by model and day only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r22_grant_pkey", "fraud_r22_grant", "ledger_event_id"));
    }

    private static BigDecimal requireNotNegative(BigDecimal value, String name) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(ID + "." + name + " must not be negative");
        }
        return value;
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    /** Whether R22 judges the grant: it names a merchant and a product (whose price the contract requires). */
    private static boolean judged(SubsidyGranted granted) {
        return granted.merchantId() != null && granted.product() != null;
    }

    /** {@code CATEGORY|brand|model}: at most 32 + 2 + 2 × 256 characters, as posted. */
    static String modelKey(Product product) {
        return product.category().name() + "|" + product.brand() + "|" + product.model();
    }

    static String subject(String merchantId, Product product) {
        String subject = merchantId + "|" + modelKey(product);
        if (subject.length() <= MAX_SUBJECT_LENGTH) {
            return subject;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((product.brand() + "|" + product.model()).getBytes(StandardCharsets.UTF_8));
            return merchantId + "|" + product.category().name() + "|sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What R22 keeps between batches: the price histograms of the models it has read, by day, and their windows. */
    private static final class Memory {
        final DayMemory<List<Cell>> prices;
        final R22Windows windows;

        Memory(int lookbackDays, JdbcTemplate jdbc) {
            prices = new DayMemory<>(jdbc, "fraud_r22_price");
            windows = new R22Windows(lookbackDays, prices);
        }
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        Map<String, TreeSet<LocalDate>> daysByModel = new LinkedHashMap<>();
        Set<String> subjects = new LinkedHashSet<>();
        LocalDate first = null;
        LocalDate last = null;
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted && judged(granted)) {
                LocalDate day = item.event().occurredOn();
                daysByModel.computeIfAbsent(modelKey(granted.product()), k -> new TreeSet<>()).add(day);
                subjects.add(subject(granted.merchantId().value(), granted.product()));
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        Memory kept = memory.state(Memory.class, () -> new Memory(lookbackDays, jdbc));
        DayMemory<List<Cell>> prices = kept.prices;
        Batch batch = new Batch(jdbc, evidenceBound, kept);
        if (daysByModel.isEmpty()) {
            return batch;
        }
        // A grant compares with the D days before it; its own day is read too, so that a cell the
        // batch adds to is known to be stored. Each model is read over the days its grants need
        // (overlapping windows merged), not over the batch's whole span of dates, and only the days
        // that no earlier batch has read.
        prices.trim(memory.bound(), daysByModel.keySet());
        kept.windows.retain(prices::holds);
        List<DayWindows.Window> unread = prices.unread(DayWindows.of(daysByModel, lookbackDays));
        DayWindows.select(jdbc, unread, "SELECT p.model_key, p.occurred_on, p.merchant_id, p.price_fen, p.grants",
                "fraud_r22_price p", "p.model_key", "p.occurred_on", rs -> {
                    String model = prices.name(rs.getString(1));
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    batch.add(new Cell(model, day, rs.getString(3), rs.getLong(4), rs.getLong(5), true));
                });
        prices.read(unread);
        PendingWrites.select(jdbc, List.of(first.withDayOfMonth(1), last.withDayOfMonth(1)), "SELECT subject_ref, "
                        + "month_start FROM fraud_r22_alerted WHERE month_start >= ? AND month_start <= ? AND subject_ref IN ",
                "", subjects, rs -> batch.alerted.add(new Alerted(rs.getString(1), rs.getObject(2, LocalDate.class))));
        return batch;
    }

    /** Grants of one model on one day by one merchant at one price: a row of {@code fraud_r22_price}. */
    private static final class Cell {
        final String modelKey;
        final LocalDate day;
        final String merchantId;
        final long priceFen;
        long grants;
        boolean stored;

        Cell(String modelKey, LocalDate day, String merchantId, long priceFen, long grants, boolean stored) {
            this.modelKey = modelKey;
            this.day = day;
            this.merchantId = merchantId;
            this.priceFen = priceFen;
            this.grants = grants;
            this.stored = stored;
        }
    }

    private record Alerted(String subjectRef, LocalDate monthStart) {
    }

    /** One grant as the evidence lists it. */
    private record Named(String ledgerEventId, String merchantId, LocalDate day, long occurredAt) {
    }

    private static final Comparator<Named> BY_TIME = Comparator.comparingLong(Named::occurredAt)
            .thenComparing(Named::ledgerEventId);

    /** The price histograms of the batch's models, and the grants the batch added, per model. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final int evidenceBound;
        private final DayMemory<List<Cell>> histograms;
        private final R22Windows windows;
        private final R22PriceSide own = new R22PriceSide();
        private final R22PriceSide others = new R22PriceSide();
        private final Map<String, List<Named>> added = new HashMap<>();
        private final Set<Alerted> alerted = new HashSet<>();
        /** The cells the batch added grants to, in the order first touched. */
        private final Set<Cell> touched = new LinkedHashSet<>();
        private final PendingWrites writes;

        Batch(JdbcTemplate jdbc, int evidenceBound, Memory memory) {
            this.jdbc = jdbc;
            this.evidenceBound = evidenceBound;
            this.histograms = memory.prices;
            this.windows = memory.windows;
            this.writes = new PendingWrites(jdbc);
        }

        List<Cell> cells(String modelKey, LocalDate day) {
            return histograms.day(modelKey, day, d -> new ArrayList<>(2), 0);
        }

        /** Adds a cell read from the table to its model's day (one entry more in the memory) and windows. */
        void add(Cell cell) {
            cells(cell.modelKey, cell.day).add(cell);
            histograms.grew(cell.modelKey, 1);
            windows.add(cell.modelKey, cell.day, cell.merchantId, cell.priceFen, cell.grants);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            SubsidyGranted granted = (SubsidyGranted) fact;
            if (!judged(granted)) {
                return;
            }
            Product product = granted.product();
            String merchant = granted.merchantId().value();
            String model = modelKey(product);
            LocalDate day = event.occurredOn();
            long priceFen = product.price().fen();
            LocalDate from = day.minusDays(lookbackDays);
            LocalDate to = day.minusDays(1);

            R22Windows.Window sums = windows.window(model, day, (first, last, sink) -> {
                for (List<Cell> cells : histograms.days(model).subMap(first, true, last, true).values()) {
                    for (Cell cell : cells) {
                        sink.grants(cell.merchantId, cell.priceFen, cell.grants);
                    }
                }
            });
            boolean ownExceeded = sums.ownGrants(merchant) >= minGrants
                    && sums.ownExceeded(merchant, priceFen, merchantFactor);
            boolean marketExceeded = sums.otherGrants(merchant) >= minGrants
                    && sums.otherMerchants(merchant) >= minMerchants
                    && sums.othersExceeded(merchant, priceFen, marketFactor);
            if (ownExceeded || marketExceeded) {
                // the alert names the medians, and how many grants and merchants they are of: the window's cells
                R22PriceSide own = this.own;
                R22PriceSide others = this.others;
                own.reset(0);
                others.reset(minMerchants);
                NavigableMap<LocalDate, List<Cell>> window = histograms.days(model).subMap(from, true, to, true);
                for (List<Cell> cells : window.values()) {
                    for (Cell cell : cells) {
                        (cell.merchantId.equals(merchant) ? own : others).add(cell.merchantId, cell.priceFen, cell.grants);
                    }
                }
                if (ownExceeded) {
                    own.median();
                }
                if (marketExceeded) {
                    others.median();
                }
                if (marketExceeded) {
                    // the alert names how many other merchants there were: count them all
                    Set<String> all = new LinkedHashSet<>();
                    window.values().forEach(cells -> cells.forEach(c -> {
                        if (c.grants > 0 && !c.merchantId.equals(merchant)) {
                            all.add(c.merchantId);
                        }
                    }));
                    others.countAll(List.copyOf(all));
                }
                raise(granted, event, day, from, to, ownExceeded ? own : null, marketExceeded ? others : null, context);
            }

            List<Cell> cells = cells(model, day);
            Cell cell = null;
            for (Cell candidate : cells) {
                if (candidate.priceFen == priceFen && candidate.merchantId.equals(merchant)) {
                    cell = candidate;
                    break;
                }
            }
            if (cell == null) {
                cell = new Cell(histograms.name(model), day, merchant, priceFen, 0, false);
                add(cell);
            }
            cell.grants++;
            windows.add(model, day, merchant, priceFen, 1);
            touched.add(cell);
            long occurredAt = Bitemporal.micros(event.occurredAt());
            added.computeIfAbsent(model, k -> new ArrayList<>())
                    .add(new Named(event.ledgerEventId(), merchant, day, occurredAt));
            writes.add("INSERT INTO fraud_r22_grant (ledger_event_id, model_key, merchant_id, occurred_on, occurred_at) "
                    + "VALUES (?,?,?,?,?)", event.ledgerEventId(), model, merchant, day, occurredAt);
        }

        private void raise(SubsidyGranted granted, RecordedEvent event, LocalDate day, LocalDate from, LocalDate to,
                           R22PriceSide own, R22PriceSide others, RuleContext context) {
            Product product = granted.product();
            String merchant = granted.merchantId().value();
            String subject = subject(merchant, product);
            Alerted month = new Alerted(subject, day.withDayOfMonth(1));
            R22Summary summary = R22Summary.of(merchant, product, lookbackDays, merchantMarkup, own, marketMarkup,
                    others);
            String zh = summary.zh();
            String en = summary.en();
            String window = day.toString().substring(0, 7);
            if (alerted.contains(month)) {
                context.raise(new AlertDraft(ID, Severity.MEDIUM, "merchant-model",
                        subject, window, granted.regionCode().value(), zh, en, List.of(event.ledgerEventId())));
                return;
            }
            List<String> evidence = new ArrayList<>();
            evidence.add(event.ledgerEventId());
            List<Named> base = base(modelKey(product), from, to);
            if (own != null) {
                base.stream().filter(n -> n.merchantId().equals(merchant)).map(Named::ledgerEventId).forEach(evidence::add);
            }
            if (others != null) {
                base.stream().filter(n -> !n.merchantId().equals(merchant)).map(Named::ledgerEventId).forEach(evidence::add);
            }
            alerted.add(month);
            writes.add("INSERT INTO fraud_r22_alerted (subject_ref, month_start) VALUES (?,?)", subject,
                    month.monthStart());
            context.raise(EvidenceLists.firstRaise(ID, Severity.MEDIUM, "merchant-model", subject, window,
                    granted.regionCode().value(), zh, en, evidence, evidenceBound));
        }

        /**
         * The grants of the model dated {@code from … to} recorded so far, by occurredAt then ledger
         * event id: those of earlier batches from the table, and this batch's so far.
         */
        private List<Named> base(String model, LocalDate from, LocalDate to) {
            List<Named> base = new ArrayList<>();
            jdbc.query("SELECT ledger_event_id, merchant_id, occurred_on, occurred_at FROM fraud_r22_grant "
                    + "WHERE model_key = ? AND occurred_on >= ? AND occurred_on <= ?", rs -> {
                base.add(new Named(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4)));
            }, model, from, to);
            for (Named named : added.getOrDefault(model, List.of())) {
                if (!named.day().isBefore(from) && !named.day().isAfter(to)) {
                    base.add(named);
                }
            }
            base.sort(BY_TIME);
            return base;
        }

        @Override
        public void flush() {
            writes.flush();
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            for (Cell cell : touched) {
                if (cell.stored) {
                    updates.add(new Object[]{cell.grants, cell.modelKey, cell.day, cell.merchantId, cell.priceFen});
                } else {
                    inserts.add(new Object[]{cell.modelKey, cell.day, cell.merchantId, cell.priceFen, cell.grants});
                    cell.stored = true;
                }
            }
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r22_price (model_key, occurred_on, merchant_id, price_fen, "
                    + "grants) VALUES (?,?,?,?,?)", inserts);
            PendingWrites.batch(jdbc, "UPDATE fraud_r22_price SET grants = ? WHERE model_key = ? AND occurred_on = ? "
                    + "AND merchant_id = ? AND price_fen = ?", updates);
            touched.clear();
        }
    }
}
