package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
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
import java.util.LinkedHashSet;
import java.util.List;
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
    private final RuleDescriptor descriptor;

    public R13ElvClosure(RuleSettings settings) {
        this.closureDays = BurstWindows.requireAtLeast(settings.integer(ID, "closure-days", 30), 0, ID,
                "closure-days");
        this.descriptor = new RuleDescriptor(ID, "报废拆解闭环 ELV closure", Severity.HIGH,
                Set.of(VehicleScrapped.class, VehicleDeregistered.class, VehicleDismantled.class,
                        QualificationGranted.class, QualificationRevoked.class),
                List.of("fraud_r13_vehicle", "fraud_r13_qualification", "fraud_r13_revocation"))
                .withParameter("closure-days", Integer.toString(closureDays));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r13_vehicle", "vin");
        Set<String> vins = new LinkedHashSet<>();
        Set<String> enterprises = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof VehicleScrapped scrapped) {
                vins.add(scrapped.vin().value());
                enterprises.add(scrapped.recyclerId().value());
            } else if (item.fact() instanceof VehicleDeregistered deregistered) {
                vins.add(deregistered.vin().value());
            } else if (item.fact() instanceof VehicleDismantled dismantled) {
                vins.add(dismantled.vin().value());
            } else {
                String enterprise = recyclers.enterpriseOf(item.fact());
                if (enterprise != null) {
                    enterprises.add(enterprise);
                }
            }
        }
        Batch batch = new Batch(jdbc, recyclers.begin(jdbc, enterprises), stored);
        PendingWrites.select(jdbc, "SELECT vin, scrapped_on, due_on, deregistered, dismantled, unqualified, "
                + "ledger_event_id, region_code FROM fraud_r13_vehicle WHERE vin IN ", "", stored.mayHold(vins),
                rs -> batch.vehicles.loaded(rs.getString(1), vehicle(rs)));
        return batch;
    }

    private static Vehicle vehicle(ResultSet rs) throws SQLException {
        return new Vehicle(rs.getObject("scrapped_on", LocalDate.class), rs.getObject("due_on", LocalDate.class),
                rs.getInt("deregistered"), rs.getInt("dismantled"), rs.getInt("unqualified"),
                rs.getString("ledger_event_id"), rs.getString("region_code"));
    }

    /** One row of {@code fraud_r13_vehicle}; {@code dueOn} is null once closed or alerted. */
    private record Vehicle(LocalDate scrappedOn, LocalDate dueOn, int deregistered, int dismantled, int unqualified,
                           String ledgerEventId, String regionCode) {
    }

    /** The batch's scrapped vehicles; the daily check scans the table after writing them. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final QualificationTable.Batch qualified;
        private final NetRows<String, Vehicle> vehicles = new NetRows<>(
                "INSERT INTO fraud_r13_vehicle (vin, scrapped_on, due_on, deregistered, dismantled, unqualified, "
                        + "ledger_event_id, region_code) VALUES (?,?,?,?,?,?,?,?)",
                (vin, v) -> new Object[]{vin, v.scrappedOn(), v.dueOn(), v.deregistered(), v.dismantled(),
                        v.unqualified(), v.ledgerEventId(), v.regionCode()},
                "UPDATE fraud_r13_vehicle SET due_on = ?, deregistered = ?, dismantled = ?, unqualified = ? "
                        + "WHERE vin = ?",
                (vin, v) -> new Object[]{v.dueOn(), v.deregistered(), v.dismantled(), v.unqualified(), vin},
                "DELETE FROM fraud_r13_vehicle WHERE vin = ?", vin -> new Object[]{vin});

        /** Which vehicles the table may have rows of. */
        private final KeyFilter stored;

        Batch(JdbcTemplate jdbc, QualificationTable.Batch qualified, KeyFilter stored) {
            this.jdbc = jdbc;
            this.qualified = qualified;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof VehicleScrapped scrapped) {
                scrapped(scrapped, event, context);
            } else if (fact instanceof VehicleDeregistered deregistered) {
                closed(deregistered.vin().value(), true);
            } else if (fact instanceof VehicleDismantled dismantled) {
                closed(dismantled.vin().value(), false);
            } else {
                qualified.on(fact, event);
            }
        }

        private void scrapped(VehicleScrapped scrapped, RecordedEvent event, RuleContext context) {
            String vin = scrapped.vin().value();
            String region = context.regions().contains(scrapped.regionCode().value())
                    ? scrapped.regionCode().value() : null;
            boolean valid = qualified.validOn(scrapped.recyclerId(), scrapped.scrappedOn());
            Vehicle known = vehicles.get(vin);
            if (known == null) {
                vehicles.put(vin, new Vehicle(scrapped.scrappedOn(), scrapped.scrappedOn().plusDays(closureDays), 0, 0,
                        valid ? 0 : 1, event.ledgerEventId(), region));
                stored.add(vin);
            } else if (!valid) {
                vehicles.put(vin, new Vehicle(known.scrappedOn(), known.dueOn(), known.deregistered(),
                        known.dismantled(), 1, known.ledgerEventId(), known.regionCode()));
            }
            if (valid) {
                return;
            }
            String recycler = scrapped.recyclerId().value();
            context.raise(new AlertDraft(ID, Severity.HIGH, "vin", vin, null, region,
                    "车辆 " + vin + " 的报废证明 " + scrapped.certificateNo() + " 由企业 " + recycler + " 出具，该企业在报废日 "
                            + scrapped.scrappedOn() + " 无有效报废机动车回收资质",
                    "scrap certificate " + scrapped.certificateNo() + " for vehicle " + vin + " was issued by "
                            + recycler + ", which held no valid VEHICLE_RECYCLING on " + scrapped.scrappedOn(),
                    List.of(event.ledgerEventId())));
        }

        private void closed(String vin, boolean deregistration) {
            Vehicle known = vehicles.get(vin);
            if (known == null) {
                return;
            }
            int deregistered = deregistration ? 1 : known.deregistered();
            int dismantled = deregistration ? known.dismantled() : 1;
            LocalDate dueOn = deregistered == 1 && dismantled == 1 ? null : known.dueOn();
            vehicles.put(vin, new Vehicle(known.scrappedOn(), dueOn, deregistered, dismantled, known.unqualified(),
                    known.ledgerEventId(), known.regionCode()));
        }

        @Override
        public void onNewDay(LocalDate today, RuleContext context) {
            // The scan must see the batch's vehicles so far.
            vehicles.flush(jdbc);
            List<String> vins = new ArrayList<>();
            List<Vehicle> overdue = new ArrayList<>();
            jdbc.query("SELECT vin, scrapped_on, due_on, deregistered, dismantled, unqualified, ledger_event_id, "
                    + "region_code FROM fraud_r13_vehicle WHERE due_on < ? ORDER BY due_on, vin", rs -> {
                vins.add(rs.getString(1));
                overdue.add(vehicle(rs));
            }, today);
            for (int i = 0; i < vins.size(); i++) {
                String vin = vins.get(i);
                Vehicle vehicle = overdue.get(i);
                List<String> missingZh = new ArrayList<>();
                List<String> missingEn = new ArrayList<>();
                if (vehicle.deregistered() == 0) {
                    missingZh.add("注销");
                    missingEn.add("deregistration");
                }
                if (vehicle.dismantled() == 0) {
                    missingZh.add("拆解");
                    missingEn.add("dismantling");
                }
                boolean unqualified = vehicle.unqualified() == 1;
                String zh = "车辆 " + vin + " 报废（" + vehicle.scrappedOn() + "）后 " + closureDays + " 天内未完成"
                        + String.join("、", missingZh) + (unqualified ? "；出具报废证明的回收企业无有效报废机动车回收资质" : "");
                String en = "vehicle " + vin + " scrapped on " + vehicle.scrappedOn() + " has no "
                        + String.join(" and no ", missingEn) + " within " + closureDays + " days"
                        + (unqualified ? "; the recycler held no valid VEHICLE_RECYCLING" : "");
                context.raise(new AlertDraft(ID, unqualified ? Severity.HIGH : Severity.MEDIUM, "vin", vin, null,
                        vehicle.regionCode(), zh, en, List.of(vehicle.ledgerEventId())));
                vehicles.scanned(vin, vehicle);
                vehicles.put(vin, new Vehicle(vehicle.scrappedOn(), null, vehicle.deregistered(),
                        vehicle.dismantled(), vehicle.unqualified(), vehicle.ledgerEventId(), vehicle.regionCode()));
            }
        }

        @Override
        public void flush() {
            vehicles.flush(jdbc);
            qualified.flush();
        }
    }
}
