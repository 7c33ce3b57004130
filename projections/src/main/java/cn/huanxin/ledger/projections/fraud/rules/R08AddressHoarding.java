package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
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
import cn.huanxin.ledger.projections.fraud.rules.BurstWindows.Occurrence;
import cn.huanxin.ledger.projections.fraud.rules.BurstWindows.Window;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * R08 同址囤货: more than N subsidies (default 5) delivered to one address within W calendar days
 * (default 7, both assumed). Public reporting on the 以旧换新 programme — local commerce bureaux'
 * notices on 囤货 and 倒卖 of subsidised goods, e-commerce platforms' risk-control announcements that
 * cap subsidised orders per delivery address, and public-security cases of 黄牛 buying phones and
 * appliances in bulk under borrowed identities — shows many subsidised purchases converging on one
 * address as the mark of resale or of fabricated sales. Days are the Asia/Shanghai calendar days of
 * each grant's {@code occurredAt}; a window is W days {@code s … s + W − 1}, anchored on the earliest
 * grant day that starts a window holding N + 1 grants. Grants inside a burst's window add evidence to
 * its alert; a new alert for the address needs N + 1 grants outside the earlier bursts' windows, so a
 * long run of hoarding yields one alert per W-day window, never one per grant.
 */
public final class R08AddressHoarding implements FraudRule {

    static final String ID = "R08";

    private final int maxSubsidies;
    private final int windowDays;
    private final RuleDescriptor descriptor;

    public R08AddressHoarding(RuleSettings settings) {
        this.maxSubsidies = BurstWindows.requireAtLeast(settings.integer(ID, "max-subsidies", 5), 1, ID,
                "max-subsidies");
        this.windowDays = BurstWindows.requireAtLeast(settings.integer(ID, "window-days", 7), 1, ID, "window-days");
        this.descriptor = new RuleDescriptor(ID, "同址囤货 address hoarding", Severity.MEDIUM,
                Set.of(SubsidyGranted.class), List.of("fraud_r08_burst", "fraud_r08_grant"))
                .withParameter("max-subsidies", Integer.toString(maxSubsidies))
                .withParameter("window-days", Integer.toString(windowDays))
                // the batches read fraud_r08_grant by address and day only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r08_grant_pkey", "fraud_r08_grant", "ledger_event_id"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        // An address's bursts are written only beside a grant to it, and no row of this rule is ever
        // deleted: an address without grants has no bursts either.
        KeyFilter addressed = memory.keys(jdbc, "fraud_r08_grant", "address_ref");
        Set<String> addresses = new LinkedHashSet<>();
        LocalDate first = null;
        LocalDate last = null;
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted && granted.deliveryAddressRef() != null) {
                addresses.add(granted.deliveryAddressRef().value());
                LocalDate day = item.event().occurredOn();
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        Batch batch = new Batch(jdbc, addressed);
        List<String> stored = addressed.mayHold(addresses);
        if (stored.isEmpty()) {
            return batch;
        }
        // Every window an event of the batch looks at lies within W − 1 days of it on either side.
        LocalDate from = first.minusDays(windowDays - 1L);
        LocalDate to = last.plusDays(windowDays - 1L);
        PendingWrites.select(jdbc, List.of(from, to), "SELECT address_ref, ledger_event_id, occurred_on, occurred_at, "
                + "region_code FROM fraud_r08_grant WHERE occurred_on >= ? AND occurred_on <= ? AND address_ref IN ",
                "", stored, rs -> batch.grants.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Grant(rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4),
                                rs.getString(5))));
        PendingWrites.select(jdbc, List.of(to, from), "SELECT address_ref, window_start, window_end, grants "
                + "FROM fraud_r08_burst WHERE window_start <= ? AND window_end >= ? AND address_ref IN ", "", stored,
                rs -> batch.bursts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Burst(new Window(rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)),
                                rs.getInt(4))));
        return batch;
    }

    /** One row of {@code fraud_r08_grant}. */
    private record Grant(String ledgerEventId, LocalDate day, long occurredAt, String regionCode) {
    }

    /** One row of {@code fraud_r08_burst}; the count grows with the burst. */
    private static final class Burst {
        final Window window;
        int grants;

        Burst(Window window, int grants) {
            this.window = window;
            this.grants = grants;
        }
    }

    private static final Comparator<Grant> BY_TIME = Comparator.comparingLong(Grant::occurredAt)
            .thenComparing(Grant::ledgerEventId);

    /** The grants and bursts of the batch's addresses, within reach of the batch's days. */
    private final class Batch implements RuleBatch {

        private final Map<String, List<Grant>> grants = new HashMap<>();
        private final Map<String, List<Burst>> bursts = new HashMap<>();
        private final PendingWrites grantWrites;
        private final PendingWrites burstWrites;
        /** Which addresses the tables may have rows of. */
        private final KeyFilter addressed;

        Batch(JdbcTemplate jdbc, KeyFilter addressed) {
            this.grantWrites = new PendingWrites(jdbc);
            this.burstWrites = new PendingWrites(jdbc);
            this.addressed = addressed;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (!(fact instanceof SubsidyGranted granted) || granted.deliveryAddressRef() == null) {
                return;
            }
            String address = granted.deliveryAddressRef().value();
            LocalDate day = event.occurredOn();
            LocalDate from = day.minusDays(windowDays - 1L);
            LocalDate to = day.plusDays(windowDays - 1L);
            List<Burst> known = bursts.computeIfAbsent(address, k -> new ArrayList<>());
            List<Grant> atAddress = grants.computeIfAbsent(address, k -> new ArrayList<>());
            grantWrites.add("INSERT INTO fraud_r08_grant (ledger_event_id, address_ref, occurred_on, occurred_at, "
                            + "region_code) VALUES (?,?,?,?,?)", event.ledgerEventId(), address, day,
                    Bitemporal.micros(event.occurredAt()), granted.regionCode().value());
            addressed.add(address);
            atAddress.add(new Grant(event.ledgerEventId(), day, Bitemporal.micros(event.occurredAt()),
                    granted.regionCode().value()));
            Optional<Burst> burst = known.stream()
                    .filter(b -> !b.window.start().isAfter(to) && !b.window.end().isBefore(from))
                    .filter(b -> b.window.contains(day)).findFirst();
            if (burst.isPresent()) {
                // The burst's alert holds the earlier grants already; this one is added to it.
                Burst holding = burst.get();
                burstWrites.add("UPDATE fraud_r08_burst SET grants = grants + 1 WHERE address_ref = ? "
                        + "AND window_start = ?", address, holding.window.start());
                holding.grants++;
                raise(address, holding.window, holding.grants, granted.regionCode().value(),
                        List.of(event.ledgerEventId()), context);
                return;
            }
            // Grants inside an earlier burst's window belong to that burst and do not count again.
            List<Occurrence> outside = new ArrayList<>();
            for (Grant grant : atAddress) {
                if (!grant.day().isBefore(from) && !grant.day().isAfter(to)
                        && known.stream().noneMatch(b -> b.window.contains(grant.day()))) {
                    outside.add(new Occurrence(grant.day(), grant.ledgerEventId()));
                }
            }
            if (outside.size() <= maxSubsidies) {
                return;
            }
            Optional<Window> firing = BurstWindows.firing(outside, day, windowDays, maxSubsidies);
            if (firing.isEmpty()) {
                return;
            }
            Window window = firing.get();
            List<Grant> inWindow = atAddress.stream().filter(g -> window.contains(g.day())).sorted(BY_TIME).toList();
            burstWrites.add("INSERT INTO fraud_r08_burst (address_ref, window_start, window_end, grants) VALUES (?,?,?,?)",
                    address, window.start(), window.end(), inWindow.size());
            known.add(new Burst(window, inWindow.size()));
            raise(address, window, inWindow.size(), inWindow.get(0).regionCode(),
                    inWindow.stream().map(Grant::ledgerEventId).toList(), context);
        }

        @Override
        public void flush() {
            grantWrites.flush();
            burstWrites.flush();
        }
    }

    private void raise(String address, Window window, int count, String region, List<String> evidence,
                       RuleContext context) {
        String zh = "同一收货地址在 " + window.start() + " 至 " + window.end() + " 的 " + windowDays + " 天内有 "
                + count + " 笔补贴，超过 " + maxSubsidies + " 笔";
        String en = count + " subsidies delivered to one address from " + window.start() + " to "
                + window.end() + " (" + windowDays + " days), more than " + maxSubsidies;
        context.raise(new AlertDraft(ID, Severity.MEDIUM, "address", address, window.label(), region, zh, en,
                evidence));
    }
}
