package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R05 车辆补贴唯一: one old vehicle claimed twice — its VIN behind more than one VEHICLE_SCRAP or
 * VEHICLE_REPLACEMENT subsidy (whose {@code oldItem} is that VEHICLE), or more than one scrap
 * certificate (报废机动车回收证明) for the VIN — or one person taking more than one replacement
 * subsidy in a calendar year. The national vehicle trade-in rules allow one subsidy per old car and
 * one replacement per person and year; public reporting on 骗补 cases describes one scrapped car
 * claimed twice and forged or duplicated certificates. A certificate posted again with the same
 * number is the same certificate. Both VIN findings share one alert per VIN (no window), naming every
 * subsidy, and the first event of every certificate, once either count passes one; replacements
 * raise one alert per person and year ({@code window} the year), naming every replacement.
 */
public final class R05VehicleSubsidyUniqueness implements FraudRule {

    static final String ID = "R05";

    public R05VehicleSubsidyUniqueness(RuleSettings settings) {
        // R05 has no parameters (docs/fraud-rules.md); the constructor keeps the shape every rule has.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "车辆补贴唯一 vehicle uniqueness";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
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
        return List.of("fraud_r05_vin_subsidy", "fraud_r05_certificate", "fraud_r05_replacement");
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
        if (granted.programme() != Programme.VEHICLE_SCRAP && granted.programme() != Programme.VEHICLE_REPLACEMENT) {
            return;
        }
        String subsidyId = granted.subsidyId().value();
        String regionCode = granted.regionCode().value();
        if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.VEHICLE) {
            String vin = granted.oldItem().ref();
            Integer known = context.jdbc().queryForObject("SELECT COUNT(*) FROM fraud_r05_vin_subsidy "
                    + "WHERE vin = ? AND subsidy_id = ?", Integer.class, vin, subsidyId);
            if (known == null || known == 0) {
                context.jdbc().update("INSERT INTO fraud_r05_vin_subsidy (vin, subsidy_id, ledger_event_id, occurred_at) "
                        + "VALUES (?,?,?,?)", vin, subsidyId, event.ledgerEventId(), Bitemporal.micros(event.occurredAt()));
            }
            judgeVin(vin, regionCode, context);
        }
        if (granted.programme() == Programme.VEHICLE_REPLACEMENT
                && granted.beneficiary().kind() == BeneficiaryKind.PERSON) {
            replacement(granted, event, context);
        }
    }

    private void replacement(SubsidyGranted granted, RecordedEvent event, RuleContext context) {
        String personRef = granted.beneficiary().personRef().value();
        int year = event.occurredOn().getYear();
        String subsidyId = granted.subsidyId().value();
        List<String> evidence = new ArrayList<>();
        boolean known = false;
        for (Map<String, Object> row : context.jdbc().queryForList("SELECT subsidy_id, ledger_event_id "
                + "FROM fraud_r05_replacement WHERE person_ref = ? AND grant_year = ? ORDER BY occurred_at",
                personRef, year)) {
            known |= subsidyId.equals(row.get("subsidy_id"));
            evidence.add((String) row.get("ledger_event_id"));
        }
        if (!known) {
            context.jdbc().update("INSERT INTO fraud_r05_replacement (person_ref, grant_year, subsidy_id, "
                    + "ledger_event_id, occurred_at) VALUES (?,?,?,?,?)", personRef, year, subsidyId,
                    event.ledgerEventId(), Bitemporal.micros(event.occurredAt()));
            evidence.add(event.ledgerEventId());
        }
        if (evidence.size() > 1) {
            context.raise(new AlertDraft(ID, severity(), "person", personRef, Integer.toString(year),
                    granted.regionCode().value(),
                    "同一人" + year + "年获得" + evidence.size() + "笔置换更新补贴（每人每年限1笔）",
                    "one person received " + evidence.size() + " replacement subsidies in " + year
                            + " (one per person and year)",
                    evidence));
        }
    }

    private void scrapped(VehicleScrapped scrapped, RecordedEvent event, RuleContext context) {
        String vin = scrapped.vin().value();
        Integer known = context.jdbc().queryForObject("SELECT COUNT(*) FROM fraud_r05_certificate "
                + "WHERE vin = ? AND certificate_no = ?", Integer.class, vin, scrapped.certificateNo());
        if (known == null || known == 0) {
            context.jdbc().update("INSERT INTO fraud_r05_certificate (vin, certificate_no, ledger_event_id, occurred_at) "
                    + "VALUES (?,?,?,?)", vin, scrapped.certificateNo(), event.ledgerEventId(), Bitemporal.micros(event.occurredAt()));
        }
        judgeVin(vin, scrapped.regionCode().value(), context);
    }

    /** Raises (or adds to) the VIN's alert when it has more than one subsidy or certificate. */
    private void judgeVin(String vin, String regionCode, RuleContext context) {
        List<String> subsidies = context.jdbc().queryForList("SELECT ledger_event_id FROM fraud_r05_vin_subsidy "
                + "WHERE vin = ? ORDER BY occurred_at, subsidy_id", String.class, vin);
        List<String> certificates = context.jdbc().queryForList("SELECT ledger_event_id FROM fraud_r05_certificate "
                + "WHERE vin = ? ORDER BY occurred_at, certificate_no", String.class, vin);
        boolean twiceSubsidised = subsidies.size() > 1;
        boolean twiceCertified = certificates.size() > 1;
        if (!twiceSubsidised && !twiceCertified) {
            return;
        }
        List<String> evidence = new ArrayList<>();
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (twiceSubsidised) {
            evidence.addAll(subsidies);
            zh.add(subsidies.size() + "笔车辆补贴");
            en.add(subsidies.size() + " vehicle subsidies");
        }
        if (twiceCertified) {
            evidence.addAll(certificates);
            zh.add(certificates.size() + "张报废机动车回收证明");
            en.add(certificates.size() + " scrap certificates");
        }
        context.raise(new AlertDraft(ID, severity(), "vin", vin, null, regionCode,
                "车辆" + vin + "对应" + String.join("、", zh),
                "vehicle " + vin + " is behind " + String.join(" and ", en), evidence));
    }
}
