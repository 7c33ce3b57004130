package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R13 报废拆解闭环: the end-of-life-vehicle chain is not closed. A scrap certificate issued by a recycler
 * without VEHICLE_RECYCLING valid on {@code scrappedOn} (HIGH), or a scrapped vehicle with no
 * deregistration or no dismantling within T days (default 30, assumed) of {@code scrappedOn} (MEDIUM).
 * The State Council's regulation on the recovery of scrapped motor vehicles (报废机动车回收管理办法)
 * allows only qualified recyclers to take in and dismantle scrapped cars and ties deregistration to
 * the certificate; public reporting on the scrap subsidy describes certificates from unqualified
 * yards and "scrapped" cars that were never deregistered or dismantled and went back on the road or
 * to parts dealers (报废车回流). The subject is the VIN, with one alert per VIN: it is HIGH when the
 * recycler was unqualified (known at once, when the certificate is recorded) and MEDIUM when only the
 * closure is missing; a missing closure later adds to an existing HIGH alert. Qualifications are
 * judged as known when the certificate is recorded. The deadline runs from the first certificate's
 * {@code scrappedOn}; a deregistration or dismantling counts if the view reads it before "now" passes
 * the due day.
 */
public final class R13ElvClosure implements FraudRule {

    static final String ID = "R13";

    private final int closureDays;
    private final QualificationTable recyclers = new QualificationTable("fraud_r13",
            Qualification.VEHICLE_RECYCLING);

    public R13ElvClosure(RuleSettings settings) {
        this.closureDays = BurstWindows.requireAtLeast(settings.integer(ID, "closure-days", 30), 0, ID,
                "closure-days");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "报废拆解闭环 ELV closure";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(VehicleScrapped.class, VehicleDeregistered.class, VehicleDismantled.class,
                QualificationGranted.class, QualificationRevoked.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("closure-days", Integer.toString(closureDays));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r13_vehicle", "fraud_r13_qualification", "fraud_r13_revocation");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof VehicleScrapped scrapped) {
            scrapped(scrapped, event, context);
        } else if (fact instanceof VehicleDeregistered deregistered) {
            closed(deregistered.vin().value(), "deregistered", context);
        } else if (fact instanceof VehicleDismantled dismantled) {
            closed(dismantled.vin().value(), "dismantled", context);
        } else {
            recyclers.on(fact, event, context.jdbc());
        }
    }

    @Override
    public void onNewDay(LocalDate today, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        List<Map<String, Object>> overdue = jdbc.queryForList("SELECT vin, scrapped_on, deregistered, dismantled, "
                + "unqualified, ledger_event_id, region_code FROM fraud_r13_vehicle WHERE due_on < ? "
                + "ORDER BY due_on, vin", today);
        for (Map<String, Object> vehicle : overdue) {
            String vin = (String) vehicle.get("vin");
            List<String> missingZh = new ArrayList<>();
            List<String> missingEn = new ArrayList<>();
            if (number(vehicle.get("deregistered")) == 0) {
                missingZh.add("注销");
                missingEn.add("deregistration");
            }
            if (number(vehicle.get("dismantled")) == 0) {
                missingZh.add("拆解");
                missingEn.add("dismantling");
            }
            boolean unqualified = number(vehicle.get("unqualified")) == 1;
            String zh = "车辆 " + vin + " 报废（" + vehicle.get("scrapped_on") + "）后 " + closureDays + " 天内未完成"
                    + String.join("、", missingZh) + (unqualified ? "；出具报废证明的回收企业无有效报废机动车回收资质" : "");
            String en = "vehicle " + vin + " scrapped on " + vehicle.get("scrapped_on") + " has no "
                    + String.join(" and no ", missingEn) + " within " + closureDays + " days"
                    + (unqualified ? "; the recycler held no valid VEHICLE_RECYCLING" : "");
            context.raise(new AlertDraft(ID, unqualified ? Severity.HIGH : Severity.MEDIUM, "vin", vin, null,
                    (String) vehicle.get("region_code"), zh, en, List.of((String) vehicle.get("ledger_event_id"))));
            jdbc.update("UPDATE fraud_r13_vehicle SET due_on = NULL WHERE vin = ?", vin);
        }
    }

    private void scrapped(VehicleScrapped scrapped, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        String vin = scrapped.vin().value();
        String region = context.regions().contains(scrapped.regionCode().value()) ? scrapped.regionCode().value() : null;
        boolean qualified = recyclers.validOn(jdbc, scrapped.recyclerId(), scrapped.scrappedOn());
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r13_vehicle WHERE vin = ?", Integer.class, vin);
        if (known == null || known == 0) {
            jdbc.update("INSERT INTO fraud_r13_vehicle (vin, scrapped_on, due_on, deregistered, dismantled, unqualified, "
                            + "ledger_event_id, region_code) VALUES (?,?,?,0,0,?,?,?)", vin, scrapped.scrappedOn(),
                    scrapped.scrappedOn().plusDays(closureDays), qualified ? 0 : 1, event.ledgerEventId(), region);
        } else if (!qualified) {
            jdbc.update("UPDATE fraud_r13_vehicle SET unqualified = 1 WHERE vin = ?", vin);
        }
        if (qualified) {
            return;
        }
        String recycler = scrapped.recyclerId().value();
        context.raise(new AlertDraft(ID, Severity.HIGH, "vin", vin, null, region,
                "车辆 " + vin + " 的报废证明 " + scrapped.certificateNo() + " 由企业 " + recycler + " 出具，该企业在报废日 "
                        + scrapped.scrappedOn() + " 无有效报废机动车回收资质",
                "scrap certificate " + scrapped.certificateNo() + " for vehicle " + vin + " was issued by " + recycler
                        + ", which held no valid VEHICLE_RECYCLING on " + scrapped.scrappedOn(),
                List.of(event.ledgerEventId())));
    }

    private void closed(String vin, String column, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        // column is one of two constants of this class, never input.
        jdbc.update("UPDATE fraud_r13_vehicle SET " + column + " = 1 WHERE vin = ?", vin);
        jdbc.update("UPDATE fraud_r13_vehicle SET due_on = NULL WHERE vin = ? AND deregistered = 1 AND dismantled = 1",
                vin);
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }
}
