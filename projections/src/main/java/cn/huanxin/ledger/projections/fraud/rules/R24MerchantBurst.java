package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
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
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * R24 商户突增 merchant burst: a merchant's grants on one calendar day number at least N (default
 * 20) and more than k (default 5) times its average daily grants over the 28 days before that day,
 * days without grants counting as zero. The 2024 provincial audit reports published in 2025
 * (Chongqing) found merchants fabricating trades — many subsidised sales booked at once against
 * borrowed identities — which shows as a day far out of line with the merchant's own history.
 * <p>
 * Days are the Asia/Shanghai calendar days of the grants' {@code occurredAt}. Every grant with a
 * {@code merchantId} counts, whatever its programme and whether or not it was reversed later (R24
 * reads {@code SubsidyGranted} only). A day is judged each time one of its grants is recorded, against
 * the grants recorded so far: the day's count includes this grant, and the average is the sum of the
 * merchant's grants dated in the 28 days before, divided by 28 — so a merchant's first days, with no
 * history, need only reach N, and a grant recorded late for an earlier day counts in the averages of
 * the days judged after it. The comparison is exact: {@code 28 × count > k × sum}. One alert per
 * merchant and day (subject {@code merchantId|YYYY-MM-DD}, window the day), raised when the day first
 * qualifies and naming the day's grants so far in recorded order — all of them up to 2N, past that
 * the first N and the latest N and the number between; each later grant of that day adds itself.
 * <p>
 * State, per batch: for each merchant the batch's grants name, its counts on each of those grants'
 * days and the 28 days before each ({@code fraud_r24_day}), kept from batch to batch in the rule's
 * {@link RuleMemory} ({@link DayMemory}, one entry per merchant day), so that a batch reads only the
 * days no earlier batch has read. The grants of a day not yet alerted ({@code fraud_r24_grant}, which
 * stops growing once a day is alerted) are read only when the day is first alerted.
 */
public final class R24MerchantBurst implements FraudRule {

    static final String ID = "R24";

    /** The days before a day whose average the day is compared with (RULES.md: 28). */
    static final int BASELINE_DAYS = 28;

    private final int minGrants;
    private final BigDecimal multiple;
    private final RuleDescriptor descriptor;

    public R24MerchantBurst(RuleSettings settings) {
        this.minGrants = BurstWindows.requireAtLeast(settings.integer(ID, "min-grants", 20), 1, ID, "min-grants");
        this.multiple = settings.decimal(ID, "multiple", new BigDecimal("5"));
        if (multiple.signum() < 0) {
            throw new IllegalArgumentException(ID + ".multiple must not be negative");
        }
        this.descriptor = new RuleDescriptor(ID, "商户突增 merchant burst", Severity.MEDIUM,
                Set.of(SubsidyGranted.class), List.of("fraud_r24_day", "fraud_r24_grant"))
                .withParameter("min-grants", Integer.toString(minGrants))
                .withParameter("multiple", multiple.toPlainString());
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    /** What R24 keeps between batches: the merchants' days it has read. */
    private static final class Memory {
        final DayMemory<Day> days;

        Memory(JdbcTemplate jdbc) {
            days = new DayMemory<>(jdbc, "fraud_r24_day");
        }
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        Map<String, TreeSet<LocalDate>> daysByMerchant = new LinkedHashMap<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted && granted.merchantId() != null) {
                daysByMerchant.computeIfAbsent(granted.merchantId().value(), k -> new TreeSet<>())
                        .add(item.event().occurredOn());
            }
        }
        DayMemory<Day> days = memory.state(Memory.class, () -> new Memory(jdbc)).days;
        Batch batch = new Batch(jdbc, evidenceBound, days);
        if (daysByMerchant.isEmpty()) {
            return batch;
        }
        // Each merchant's days over its own grants' days and the 28 days before each (merged), not
        // over the batch's whole span of dates, which for grants dated across a year is the year; and
        // only the days no earlier batch has read.
        days.trim(memory.bound(), daysByMerchant.keySet());
        List<DayWindows.Window> unread = days.unread(DayWindows.of(daysByMerchant, BASELINE_DAYS));
        DayWindows.select(jdbc, unread, "SELECT d.merchant_id, d.occurred_on, d.grants, d.alerted", "fraud_r24_day d",
                "d.merchant_id", "d.occurred_on", rs -> {
                    Day day = batch.day(rs.getString(1), rs.getObject(2, LocalDate.class));
                    day.grants = rs.getLong(3);
                    day.alerted = rs.getInt(4) == 1;
                    day.stored = true;
                });
        days.read(unread);
        return batch;
    }

    private record Numbered(long seq, String ledgerEventId) {
    }

    /** One merchant's day: a row of {@code fraud_r24_day}. */
    private static final class Day {
        final String merchantId;
        final LocalDate day;
        long grants;
        boolean alerted;
        boolean stored;

        Day(String merchantId, LocalDate day) {
            this.merchantId = merchantId;
            this.day = day;
        }
    }

    /** The days of the batch's merchants within reach of the batch's dates. */
    private final class Batch implements RuleBatch {

        private final int evidenceBound;
        private final JdbcTemplate jdbc;
        private final DayMemory<Day> days;
        /** The days the batch changed, in the order first changed. */
        private final Set<Day> changed = new LinkedHashSet<>();
        /** The grants the batch added to days not alerted, per day. */
        private final Map<Day, List<Numbered>> added = new HashMap<>();
        private final PendingWrites grantWrites;

        Batch(JdbcTemplate jdbc, int evidenceBound, DayMemory<Day> days) {
            this.jdbc = jdbc;
            this.evidenceBound = evidenceBound;
            this.days = days;
            this.grantWrites = new PendingWrites(jdbc);
        }

        Day day(String merchantId, LocalDate date) {
            return days.day(merchantId, date, d -> new Day(days.name(merchantId), d), 1);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            SubsidyGranted granted = (SubsidyGranted) fact;
            if (granted.merchantId() == null) {
                return;
            }
            String merchant = granted.merchantId().value();
            LocalDate date = event.occurredOn();
            Day day = day(merchant, date);
            day.grants++;
            changed.add(day);
            String region = granted.regionCode().value();
            if (day.alerted) {
                raise(day, baseline(merchant, date), region, List.of(event.ledgerEventId()), context);
                return;
            }
            added.computeIfAbsent(day, d -> new ArrayList<>()).add(new Numbered(day.grants, event.ledgerEventId()));
            grantWrites.add("INSERT INTO fraud_r24_grant (merchant_id, occurred_on, day_seq, ledger_event_id) "
                    + "VALUES (?,?,?,?)", merchant, date, day.grants, event.ledgerEventId());
            if (day.grants < minGrants) {
                return;
            }
            long baseline = baseline(merchant, date);
            if (BigDecimal.valueOf(BASELINE_DAYS * day.grants).compareTo(multiple.multiply(BigDecimal.valueOf(baseline)))
                    <= 0) {
                return;
            }
            day.alerted = true;
            raise(day, baseline, region, grantsSoFar(day), context);
            added.remove(day);
        }

        /** The day's grants recorded so far, in recorded order: earlier batches' from the table, then this one's. */
        private List<String> grantsSoFar(Day day) {
            List<Numbered> grants = new ArrayList<>();
            jdbc.query("SELECT day_seq, ledger_event_id FROM fraud_r24_grant WHERE merchant_id = ? AND occurred_on = ?",
                    rs -> {
                        grants.add(new Numbered(rs.getLong(1), rs.getString(2)));
                    }, day.merchantId, day.day);
            grants.addAll(added.getOrDefault(day, List.of()));
            grants.sort(Comparator.comparingLong(Numbered::seq));
            return grants.stream().map(Numbered::ledgerEventId).toList();
        }

        /** The merchant's grants dated in the 28 days before the date. */
        private long baseline(String merchant, LocalDate date) {
            long sum = 0;
            for (Day before : days.days(merchant).subMap(date.minusDays(BASELINE_DAYS), true, date, false).values()) {
                sum += before.grants;
            }
            return sum;
        }

        private void raise(Day day, long baseline, String region, List<String> evidence, RuleContext context) {
            String merchant = day.merchantId;
            LocalDate date = day.day;
            String average = BigDecimal.valueOf(baseline).divide(BigDecimal.valueOf(BASELINE_DAYS), 2,
                    RoundingMode.HALF_UP).toPlainString();
            String zh = "商户 " + merchant + " 在 " + date + " 有 " + day.grants + " 笔补贴，不少于 " + minGrants
                    + " 笔，且超过前 " + BASELINE_DAYS + " 天日均 " + average + " 笔的 " + multiple.toPlainString() + " 倍";
            String en = "merchant " + merchant + " has " + day.grants + " subsidies on " + date + ", at least "
                    + minGrants + " and more than " + multiple.toPlainString() + " times its daily average of " + average
                    + " over the " + BASELINE_DAYS + " days before";
            context.raise(EvidenceLists.firstRaise(ID, Severity.MEDIUM, "merchant-day", merchant + "|" + date,
                    date.toString(), region, zh, en, evidence, evidenceBound));
        }

        @Override
        public void flush() {
            grantWrites.flush();
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            for (Day day : changed) {
                Object[] row = {day.grants, day.alerted ? 1 : 0, day.merchantId, day.day};
                (day.stored ? updates : inserts).add(row);
                day.stored = true;
            }
            changed.clear();
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r24_day (grants, alerted, merchant_id, occurred_on) "
                    + "VALUES (?,?,?,?)", inserts);
            PendingWrites.update(jdbc, "UPDATE fraud_r24_day SET grants = ?, alerted = ? WHERE merchant_id = ? "
                    + "AND occurred_on = ?", "UPDATE fraud_r24_day d SET grants = v.grants, alerted = v.alerted "
                    + "FROM unnest(?::bigint[], ?::integer[], ?::varchar[], ?::date[]) "
                    + "AS v(grants, alerted, merchant_id, occurred_on) "
                    + "WHERE d.merchant_id = v.merchant_id AND d.occurred_on = v.occurred_on", updates);
        }
    }
}
