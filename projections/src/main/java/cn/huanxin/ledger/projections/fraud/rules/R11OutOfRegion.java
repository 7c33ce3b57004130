package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private final RuleDescriptor descriptor;

    public R11OutOfRegion(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.descriptor = new RuleDescriptor(ID, "区域外申领 out of region", Severity.MEDIUM,
                Set.of(SubsidyGranted.class, VehicleScrapped.class), List.of("fraud_r11_claim", "fraud_r11_vehicle"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter scrappedVins = memory.keys(jdbc, "fraud_r11_vehicle", "vin");
        KeyFilter claimedVins = memory.keys(jdbc, "fraud_r11_claim", "vin");
        KeyFilter claimedSubsidies = memory.keys(jdbc, "fraud_r11_claim", "subsidy_id");
        Set<String> vins = new LinkedHashSet<>();
        Set<String> subsidies = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.VEHICLE) {
                    vins.add(granted.oldItem().ref());
                    subsidies.add(granted.subsidyId().toString());
                }
            } else if (item.fact() instanceof VehicleScrapped scrapped) {
                vins.add(scrapped.vin().value());
            }
        }
        Batch batch = new Batch(jdbc, scrappedVins, claimedVins, claimedSubsidies);
        PendingWrites.select(jdbc, "SELECT vin, region_code, ledger_event_id FROM fraud_r11_vehicle WHERE vin IN ", "",
                scrappedVins.mayHold(vins), rs -> batch.vehicles.put(rs.getString(1), new Vehicle(rs.getString(1), rs.getString(2),
                        rs.getString(3))));
        PendingWrites.select(jdbc, "SELECT subsidy_id, vin, ledger_event_id, region_code, delivery_region_code "
                + "FROM fraud_r11_claim WHERE vin IN ", "", claimedVins.mayHold(vins), rs -> batch.claims.put(rs.getString(1),
                new Pending(rs.getString(2), new Claim(rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getString(5)))));
        // A pending claim of a subsidy whose VIN the batch does not name still counts as known.
        subsidies.removeAll(batch.claims.keySet());
        PendingWrites.select(jdbc, "SELECT subsidy_id FROM fraud_r11_claim WHERE subsidy_id IN ", "",
                claimedSubsidies.mayHold(subsidies),
                rs -> batch.otherClaims.add(rs.getString(1)));
        return batch;
    }

    /** A claim waiting for its VIN's first scrap certificate. */
    private record Pending(String vin, Claim claim) {
    }

    /** The first scrap certificates and the pending claims of the batch's VINs. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final Map<String, Vehicle> vehicles = new HashMap<>();
        private final Map<String, Pending> claims = new LinkedHashMap<>();
        private final Set<String> otherClaims = new HashSet<>();
        private final PendingWrites vehicleWrites;
        /** Claims the batch added, in order, and VINs whose stored claims it resolved. */
        private final Set<String> newClaims = new LinkedHashSet<>();
        private final Set<String> deletedVins = new LinkedHashSet<>();

        /** Which VINs and subsidies the tables may have rows of. */
        private final KeyFilter scrappedVins;
        private final KeyFilter claimedVins;
        private final KeyFilter claimedSubsidies;

        Batch(JdbcTemplate jdbc, KeyFilter scrappedVins, KeyFilter claimedVins, KeyFilter claimedSubsidies) {
            this.jdbc = jdbc;
            this.vehicleWrites = new PendingWrites(jdbc);
            this.scrappedVins = scrappedVins;
            this.claimedVins = claimedVins;
            this.claimedSubsidies = claimedSubsidies;
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
            Claim claim = new Claim(granted.subsidyId().toString(), event.ledgerEventId(), granted.regionCode().value(),
                    granted.deliveryRegionCode() == null ? null : granted.deliveryRegionCode().value());
            if (claim.deliveredOutside(context)) {
                raise(claim, null, context);
            }
            if (granted.oldItem() == null || granted.oldItem().kind() != OldItemKind.VEHICLE) {
                return;
            }
            String vin = granted.oldItem().ref();
            Vehicle vehicle = vehicles.get(vin);
            if (vehicle != null) {
                if (!context.regions().contains(vehicle.regionCode())) {
                    raise(claim, vehicle, context);
                }
                return;
            }
            if (!claims.containsKey(claim.subsidyId()) && !otherClaims.contains(claim.subsidyId())) {
                claims.put(claim.subsidyId(), new Pending(vin, claim));
                newClaims.add(claim.subsidyId());
            }
        }

        private void scrapped(VehicleScrapped scrapped, RecordedEvent event, RuleContext context) {
            String vin = scrapped.vin().value();
            if (vehicles.containsKey(vin)) {
                return;
            }
            Vehicle vehicle = new Vehicle(vin, scrapped.regionCode().value(), event.ledgerEventId());
            vehicleWrites.add("INSERT INTO fraud_r11_vehicle (vin, region_code, ledger_event_id) VALUES (?,?,?)", vin,
                    vehicle.regionCode(), vehicle.ledgerEventId());
            scrappedVins.add(vin);
            vehicles.put(vin, vehicle);
            List<Claim> matching = claims.values().stream().filter(p -> p.vin().equals(vin)).map(Pending::claim)
                    .toList();
            if (matching.isEmpty()) {
                return;
            }
            Map<String, Integer> rank = Sorted.ranks(jdbc, matching.stream().map(Claim::subsidyId).toList());
            List<Claim> waiting = matching.stream().sorted(Comparator.comparing(c -> rank.get(c.subsidyId()))).toList();
            // Claims the batch added are simply not written; those in the table are deleted at flush.
            if (waiting.stream().anyMatch(claim -> !newClaims.contains(claim.subsidyId()))) {
                deletedVins.add(vin);
            }
            waiting.forEach(claim -> {
                claims.remove(claim.subsidyId());
                newClaims.remove(claim.subsidyId());
            });
            if (context.regions().contains(vehicle.regionCode())) {
                return;
            }
            for (Claim claim : waiting) {
                raise(claim, vehicle, context);
            }
        }

        @Override
        public void flush() {
            vehicleWrites.flush();
            PendingWrites.batch(jdbc, "DELETE FROM fraud_r11_claim WHERE vin = ?",
                    deletedVins.stream().map(vin -> new Object[]{vin}).toList());
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r11_claim (subsidy_id, vin, ledger_event_id, region_code, "
                    + "delivery_region_code) VALUES (?,?,?,?,?)", newClaims.stream().map(claims::get)
                    .map(p -> new Object[]{p.claim().subsidyId(), p.vin(), p.claim().ledgerEventId(),
                            p.claim().regionCode(), p.claim().deliveryRegionCode()}).toList());
            for (String subsidyId : newClaims) {
                claimedVins.add(claims.get(subsidyId).vin());
                claimedSubsidies.add(subsidyId);
            }
            deletedVins.clear();
            newClaims.clear();
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
