package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * R11 区域外申领: a subsidy delivered outside the programme's regions, or a vehicle subsidy (old item of
 * kind VEHICLE) whose scrapped vehicle was registered outside them. Trade-in funds are quota handed
 * down to each city and county (属地管理), and provincial and municipal implementation notices tie
 * the subsidy to goods delivered and vehicles registered locally; audit and commerce-bureau reporting
 * describes claims shipped to other cities and cars registered elsewhere brought in to draw on a
 * richer local quota (跨区域套补). Regions are the configured region table. The vehicle is judged on its
 * first scrap certificate (a second certificate for one VIN is R05's finding); grant and certificate
 * may arrive in either order. Both findings concern the subsidy and share its one alert.
 */
public final class R11OutOfRegion implements FraudRule {

    static final String ID = "R11";

    public R11OutOfRegion(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "区域外申领 out of region";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, VehicleScrapped.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r11_claim", "fraud_r11_vehicle");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            granted(granted, event, context);
        } else if (fact instanceof VehicleScrapped scrapped) {
            scrapped(scrapped, event, context);
        }
    }

    private void granted(SubsidyGranted granted, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        Claim claim = new Claim(granted.subsidyId().toString(), event.ledgerEventId(), granted.regionCode().value(),
                granted.deliveryRegionCode() == null ? null : granted.deliveryRegionCode().value());
        boolean deliveredOutside = claim.deliveredOutside(context);
        if (deliveredOutside) {
            raise(claim, null, context);
        }
        if (granted.oldItem() == null || granted.oldItem().kind() != OldItemKind.VEHICLE) {
            return;
        }
        String vin = granted.oldItem().ref();
        List<Vehicle> vehicles = jdbc.query("SELECT region_code, ledger_event_id FROM fraud_r11_vehicle WHERE vin = ?",
                (rs, row) -> new Vehicle(vin, rs.getString(1), rs.getString(2)), vin);
        if (!vehicles.isEmpty()) {
            if (!context.regions().contains(vehicles.get(0).regionCode())) {
                raise(claim, vehicles.get(0), context);
            }
            return;
        }
        Integer pending = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r11_claim WHERE subsidy_id = ?",
                Integer.class, claim.subsidyId());
        if (pending == null || pending == 0) {
            jdbc.update("INSERT INTO fraud_r11_claim (subsidy_id, vin, ledger_event_id, region_code, "
                            + "delivery_region_code) VALUES (?,?,?,?,?)", claim.subsidyId(), vin,
                    claim.ledgerEventId(), claim.regionCode(), claim.deliveryRegionCode());
        }
    }

    private void scrapped(VehicleScrapped scrapped, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        String vin = scrapped.vin().value();
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r11_vehicle WHERE vin = ?", Integer.class, vin);
        if (known != null && known > 0) {
            return;
        }
        Vehicle vehicle = new Vehicle(vin, scrapped.regionCode().value(), event.ledgerEventId());
        jdbc.update("INSERT INTO fraud_r11_vehicle (vin, region_code, ledger_event_id) VALUES (?,?,?)", vin,
                vehicle.regionCode(), vehicle.ledgerEventId());
        List<Claim> claims = jdbc.query("SELECT subsidy_id, ledger_event_id, region_code, delivery_region_code "
                        + "FROM fraud_r11_claim WHERE vin = ? ORDER BY subsidy_id",
                (rs, row) -> new Claim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), vin);
        if (claims.isEmpty()) {
            return;
        }
        jdbc.update("DELETE FROM fraud_r11_claim WHERE vin = ?", vin);
        if (context.regions().contains(vehicle.regionCode())) {
            return;
        }
        for (Claim claim : claims) {
            raise(claim, vehicle, context);
        }
    }

    /** Raises for the subsidy; {@code vehicle} is the out-of-region vehicle, or {@code null} for delivery only. */
    private void raise(Claim claim, Vehicle vehicle, RuleContext context) {
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (claim.deliveredOutside(context)) {
            zh.add("收货地区 " + claim.deliveryRegionCode() + " 不在本地区范围内");
            en.add("delivered to region " + claim.deliveryRegionCode() + ", outside the programme's regions");
        }
        List<String> evidence = new ArrayList<>(List.of(claim.ledgerEventId()));
        if (vehicle != null) {
            zh.add("旧车（VIN " + vehicle.vin() + "）登记地 " + vehicle.regionCode() + " 不在本地区范围内");
            en.add("old vehicle " + vehicle.vin() + " registered in region " + vehicle.regionCode()
                    + ", outside the programme's regions");
            evidence.add(vehicle.ledgerEventId());
        }
        context.raise(new AlertDraft(ID, Severity.MEDIUM, "subsidy", claim.subsidyId(), null, claim.regionCode(),
                "补贴 " + claim.subsidyId() + "：" + String.join("；", zh),
                "subsidy " + claim.subsidyId() + ": " + String.join("; ", en), evidence));
    }

    private record Claim(String subsidyId, String ledgerEventId, String regionCode, String deliveryRegionCode) {

        boolean deliveredOutside(RuleContext context) {
            return deliveryRegionCode != null && !context.regions().contains(deliveryRegionCode);
        }
    }

    private record Vehicle(String vin, String regionCode, String ledgerEventId) {
    }
}
