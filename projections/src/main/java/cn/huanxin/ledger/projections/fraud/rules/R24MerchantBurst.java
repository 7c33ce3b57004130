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
 * days and the 28 days before each ({@code fraud_r24_day}), and the grants of the batch's days not
 * yet alerted ({@code fraud_r24_grant}, which stops growing once a day is alerted).
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

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound) {
        Map<String, TreeSet<LocalDate>> daysByMerchant = new LinkedHashMap<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted && granted.merchantId() != null) {
                daysByMerchant.computeIfAbsent(granted.merchantId().value(), k -> new TreeSet<>())
                        .add(item.event().occurredOn());
            }
        }
        Batch batch = new Batch(jdbc, evidenceBound);
        if (daysByMerchant.isEmpty()) {
            return batch;
        }
        // Each merchant's days over its own grants' days and the 28 days before each (merged), not
        // over the batch's whole span of dates, which for grants dated across a year is the year.
        DayWindows.select(jdbc, DayWindows.of(daysByMerchant, BASELINE_DAYS), "SELECT d.merchant_id, d.occurred_on, "
                + "d.grants, d.alerted", "fraud_r24_day d", "d.merchant_id", "d.occurred_on", rs -> {
                    Day day = batch.day(rs.getString(1), rs.getObject(2, LocalDate.class));
                    day.grants = rs.getLong(3);
                    day.alerted = rs.getInt(4) == 1;
                    day.stored = true;
                });
        // The grants of the batch's stored days that are not alerted yet: those an alert would name.
        Map<String, TreeSet<LocalDate>> open = new LinkedHashMap<>();
        daysByMerchant.forEach((merchant, days) -> days.forEach(date -> {
            Day day = batch.days.get(new DayKey(merchant, date));
            if (day != null && !day.alerted) {
                open.computeIfAbsent(merchant, k -> new TreeSet<>()).add(date);
            }
        }));
        DayWindows.select(jdbc, DayWindows.of(open, 0), "SELECT g.merchant_id, g.occurred_on, g.day_seq, "
                + "g.ledger_event_id", "fraud_r24_grant g", "g.merchant_id", "g.occurred_on",
                rs -> batch.day(rs.getString(1), rs.getObject(2, LocalDate.class)).grantIds
                        .add(new Numbered(rs.getLong(3), rs.getString(4))));
        batch.days.values().forEach(day -> day.grantIds.sort(Comparator.comparingLong(Numbered::seq)));
        return batch;
    }

    private record DayKey(String merchantId, LocalDate day) {
    }

    private record Numbered(long seq, String ledgerEventId) {
    }

    /** One merchant's day: a row of {@code fraud_r24_day}, and its grants while it is not alerted. */
    private static final class Day {
        final DayKey key;
        final List<Numbered> grantIds = new ArrayList<>();
        long grants;
        boolean alerted;
        boolean stored;
        boolean changed;

        Day(DayKey key) {
            this.key = key;
        }
    }

    /** The days of the batch's merchants within reach of the batch's dates. */
    private final class Batch implements RuleBatch {

        private final int evidenceBound;
        private final JdbcTemplate jdbc;
        private final Map<DayKey, Day> days = new LinkedHashMap<>();
        private final PendingWrites grantWrites;

        Batch(JdbcTemplate jdbc, int evidenceBound) {
            this.jdbc = jdbc;
            this.evidenceBound = evidenceBound;
            this.grantWrites = new PendingWrites(jdbc);
        }

        Day day(String merchantId, LocalDate date) {
            return days.computeIfAbsent(new DayKey(merchantId, date), Day::new);
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
            day.changed = true;
            String region = granted.regionCode().value();
            if (day.alerted) {
                raise(day, baseline(merchant, date), region, List.of(event.ledgerEventId()), context);
                return;
            }
            day.grantIds.add(new Numbered(day.grants, event.ledgerEventId()));
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
            List<String> evidence = day.grantIds.stream().map(Numbered::ledgerEventId).toList();
            day.grantIds.clear();
            raise(day, baseline, region, evidence, context);
        }

        /** The merchant's grants dated in the 28 days before the date. */
        private long baseline(String merchant, LocalDate date) {
            long sum = 0;
            for (int back = 1; back <= BASELINE_DAYS; back++) {
                Day before = days.get(new DayKey(merchant, date.minusDays(back)));
                sum += before == null ? 0 : before.grants;
            }
            return sum;
        }

        private void raise(Day day, long baseline, String region, List<String> evidence, RuleContext context) {
            String merchant = day.key.merchantId();
            LocalDate date = day.key.day();
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
            for (Day day : days.values()) {
                if (!day.changed) {
                    continue;
                }
                Object[] row = {day.grants, day.alerted ? 1 : 0, day.key.merchantId(), day.key.day()};
                (day.stored ? updates : inserts).add(row);
                day.stored = true;
                day.changed = false;
            }
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r24_day (grants, alerted, merchant_id, occurred_on) "
                    + "VALUES (?,?,?,?)", inserts);
            PendingWrites.batch(jdbc, "UPDATE fraud_r24_day SET grants = ?, alerted = ? WHERE merchant_id = ? "
                    + "AND occurred_on = ?", updates);
        }
    }
}
