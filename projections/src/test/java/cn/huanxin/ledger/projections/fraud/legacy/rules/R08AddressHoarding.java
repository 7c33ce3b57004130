package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.legacy.rules.BurstWindows.Occurrence;
import cn.huanxin.ledger.projections.fraud.legacy.rules.BurstWindows.Window;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
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

    public R08AddressHoarding(RuleSettings settings) {
        this.maxSubsidies = BurstWindows.requireAtLeast(settings.integer(ID, "max-subsidies", 5), 1, ID,
                "max-subsidies");
        this.windowDays = BurstWindows.requireAtLeast(settings.integer(ID, "window-days", 7), 1, ID, "window-days");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "同址囤货 address hoarding";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("max-subsidies", Integer.toString(maxSubsidies), "window-days", Integer.toString(windowDays));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r08_burst", "fraud_r08_grant");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (!(fact instanceof SubsidyGranted granted) || granted.deliveryAddressRef() == null) {
            return;
        }
        JdbcTemplate jdbc = context.jdbc();
        String address = granted.deliveryAddressRef().value();
        LocalDate day = event.occurredOn();
        // Every window that holds this grant lies within W − 1 days of it on either side.
        LocalDate from = day.minusDays(windowDays - 1L);
        LocalDate to = day.plusDays(windowDays - 1L);
        List<Window> bursts = jdbc.query("SELECT window_start, window_end FROM fraud_r08_burst "
                        + "WHERE address_ref = ? AND window_start <= ? AND window_end >= ?",
                (rs, row) -> new Window(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)),
                address, to, from);
        jdbc.update("INSERT INTO fraud_r08_grant (ledger_event_id, address_ref, occurred_on, occurred_at, region_code) "
                        + "VALUES (?,?,?,?,?)", event.ledgerEventId(), address, day,
                Bitemporal.micros(event.occurredAt()), granted.regionCode().value());
        Optional<Window> burst = BurstWindows.containing(bursts, day);
        if (burst.isPresent()) {
            // The burst's alert holds the earlier grants already; this one is added to it.
            Window window = burst.get();
            jdbc.update("UPDATE fraud_r08_burst SET grants = grants + 1 WHERE address_ref = ? AND window_start = ?",
                    address, window.start());
            Integer count = jdbc.queryForObject("SELECT grants FROM fraud_r08_burst WHERE address_ref = ? "
                    + "AND window_start = ?", Integer.class, address, window.start());
            raise(address, window, count == null ? 0 : count, granted.regionCode().value(),
                    List.of(event.ledgerEventId()), context);
            return;
        }
        // Grants inside an earlier burst's window belong to that burst and do not count again.
        List<Occurrence> outside = jdbc.query("SELECT g.occurred_on, g.ledger_event_id FROM fraud_r08_grant g "
                        + "WHERE g.address_ref = ? AND g.occurred_on BETWEEN ? AND ? AND NOT EXISTS ("
                        + "SELECT 1 FROM fraud_r08_burst b WHERE b.address_ref = g.address_ref "
                        + "AND g.occurred_on BETWEEN b.window_start AND b.window_end)",
                (rs, row) -> new Occurrence(rs.getObject(1, LocalDate.class), rs.getString(2)), address, from, to);
        if (outside.size() <= maxSubsidies) {
            return;
        }
        Optional<Window> firing = BurstWindows.firing(outside, day, windowDays, maxSubsidies);
        if (firing.isEmpty()) {
            return;
        }
        Window window = firing.get();
        List<Map<String, Object>> grants = jdbc.queryForList("SELECT ledger_event_id, region_code "
                + "FROM fraud_r08_grant WHERE address_ref = ? AND occurred_on BETWEEN ? AND ? "
                + "ORDER BY occurred_at, ledger_event_id", address, window.start(), window.end());
        jdbc.update("INSERT INTO fraud_r08_burst (address_ref, window_start, window_end, grants) VALUES (?,?,?,?)",
                address, window.start(), window.end(), grants.size());
        raise(address, window, grants.size(), (String) grants.get(0).get("region_code"),
                grants.stream().map(g -> (String) g.get("ledger_event_id")).toList(), context);
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
