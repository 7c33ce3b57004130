package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
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
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    private final RuleDescriptor descriptor;

    public R05VehicleSubsidyUniqueness(RuleSettings settings) {
        // R05 has no parameters (docs/fraud-rules.md); the constructor keeps the shape every rule has.
        this.descriptor = new RuleDescriptor(ID, "车辆补贴唯一 vehicle uniqueness", Severity.HIGH,
                Set.of(SubsidyGranted.class, VehicleScrapped.class),
                List.of("fraud_r05_vin_subsidy", "fraud_r05_certificate", "fraud_r05_replacement"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter subsidised = memory.keys(jdbc, "fraud_r05_vin_subsidy", "vin");
        KeyFilter certified = memory.keys(jdbc, "fraud_r05_certificate", "vin");
        KeyFilter replaced = memory.keys(jdbc, "fraud_r05_replacement", "person_ref");
        Set<String> vins = new LinkedHashSet<>();
        Set<String> persons = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.VEHICLE) {
                    vins.add(granted.oldItem().ref());
                }
                if (granted.beneficiary().kind() == BeneficiaryKind.PERSON) {
                    persons.add(granted.beneficiary().personRef().value());
                }
            } else if (item.fact() instanceof VehicleScrapped scrapped) {
                vins.add(scrapped.vin().value());
            }
        }
        Batch batch = new Batch(jdbc, subsidised, certified, replaced);
        PendingWrites.select(jdbc, "SELECT vin, subsidy_id, ledger_event_id, occurred_at FROM fraud_r05_vin_subsidy "
                + "WHERE vin IN ", " ORDER BY occurred_at, subsidy_id", subsidised.mayHold(vins), rs -> batch.subsidies
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Row(rs.getString(2), rs.getString(3), rs.getLong(4))));
        PendingWrites.select(jdbc, "SELECT vin, certificate_no, ledger_event_id, occurred_at FROM fraud_r05_certificate "
                + "WHERE vin IN ", " ORDER BY occurred_at, certificate_no", certified.mayHold(vins), rs -> batch.certificates
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Row(rs.getString(2), rs.getString(3), rs.getLong(4))));
        PendingWrites.select(jdbc, "SELECT person_ref, grant_year, subsidy_id, ledger_event_id, occurred_at "
                + "FROM fraud_r05_replacement WHERE person_ref IN ", " ORDER BY occurred_at", replaced.mayHold(persons), rs -> batch
                .replacements.computeIfAbsent(new PersonYear(rs.getString(1), rs.getInt(2)), k -> new ArrayList<>())
                .add(new Row(rs.getString(3), rs.getString(4), rs.getLong(5))));
        return batch;
    }

    /** A row of one of the rule's tables: its own key (subsidy or certificate), event and time. */
    private record Row(String key, String ledgerEventId, long occurredAt) {
    }

    private record PersonYear(String personRef, int year) {
    }

    private static final Comparator<Row> BY_TIME_AND_KEY = Comparator.comparingLong(Row::occurredAt)
            .thenComparing(Row::key);
    private static final Comparator<Row> BY_TIME = Comparator.comparingLong(Row::occurredAt);

    /** The subsidies and certificates of the batch's VINs and the replacements of its people. */
    private final class Batch implements RuleBatch {

        private final Map<String, List<Row>> subsidies = new HashMap<>();
        private final Map<String, List<Row>> certificates = new HashMap<>();
        private final Map<PersonYear, List<Row>> replacements = new HashMap<>();
        private final PendingWrites subsidyWrites;
        private final PendingWrites certificateWrites;
        private final PendingWrites replacementWrites;
        /** Which VINs and people the tables may have rows of. */
        private final KeyFilter subsidised;
        private final KeyFilter certified;
        private final KeyFilter replaced;

        Batch(JdbcTemplate jdbc, KeyFilter subsidised, KeyFilter certified, KeyFilter replaced) {
            this.subsidyWrites = new PendingWrites(jdbc);
            this.certificateWrites = new PendingWrites(jdbc);
            this.replacementWrites = new PendingWrites(jdbc);
            this.subsidised = subsidised;
            this.certified = certified;
            this.replaced = replaced;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof SubsidyGranted granted) {
                granted(granted, event, context);
            } else if (fact instanceof VehicleScrapped scrapped) {
                scrapped(scrapped, event, context);
            }
        }

        @Override
        public void flush() {
            subsidyWrites.flush();
            certificateWrites.flush();
            replacementWrites.flush();
        }

        private void granted(SubsidyGranted granted, RecordedEvent event, RuleContext context) {
            if (granted.programme() != Programme.VEHICLE_SCRAP && granted.programme() != Programme.VEHICLE_REPLACEMENT) {
                return;
            }
            String subsidyId = granted.subsidyId().value();
            String regionCode = granted.regionCode().value();
            if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.VEHICLE) {
                String vin = granted.oldItem().ref();
                List<Row> rows = subsidies.computeIfAbsent(vin, k -> new ArrayList<>());
                if (rows.stream().noneMatch(row -> row.key().equals(subsidyId))) {
                    long occurredAt = Bitemporal.micros(event.occurredAt());
                    subsidyWrites.add("INSERT INTO fraud_r05_vin_subsidy (vin, subsidy_id, ledger_event_id, occurred_at) "
                            + "VALUES (?,?,?,?)", vin, subsidyId, event.ledgerEventId(), occurredAt);
                    subsidised.add(vin);
                    Sorted.insert(rows, new Row(subsidyId, event.ledgerEventId(), occurredAt), BY_TIME_AND_KEY);
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
            List<Row> rows = replacements.computeIfAbsent(new PersonYear(personRef, year), k -> new ArrayList<>());
            List<String> evidence = new ArrayList<>();
            boolean known = false;
            for (Row row : rows) {
                known |= subsidyId.equals(row.key());
                evidence.add(row.ledgerEventId());
            }
            if (!known) {
                long occurredAt = Bitemporal.micros(event.occurredAt());
                replacementWrites.add("INSERT INTO fraud_r05_replacement (person_ref, grant_year, subsidy_id, "
                        + "ledger_event_id, occurred_at) VALUES (?,?,?,?,?)", personRef, year, subsidyId,
                        event.ledgerEventId(), occurredAt);
                replaced.add(personRef);
                Sorted.insert(rows, new Row(subsidyId, event.ledgerEventId(), occurredAt), BY_TIME);
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
            List<Row> rows = certificates.computeIfAbsent(vin, k -> new ArrayList<>());
            if (rows.stream().noneMatch(row -> row.key().equals(scrapped.certificateNo()))) {
                long occurredAt = Bitemporal.micros(event.occurredAt());
                certificateWrites.add("INSERT INTO fraud_r05_certificate (vin, certificate_no, ledger_event_id, occurred_at) "
                        + "VALUES (?,?,?,?)", vin, scrapped.certificateNo(), event.ledgerEventId(), occurredAt);
                certified.add(vin);
                Sorted.insert(rows, new Row(scrapped.certificateNo(), event.ledgerEventId(), occurredAt),
                        BY_TIME_AND_KEY);
            }
            judgeVin(vin, scrapped.regionCode().value(), context);
        }

        /** Raises (or adds to) the VIN's alert when it has more than one subsidy or certificate. */
        private void judgeVin(String vin, String regionCode, RuleContext context) {
            List<String> subsidyEvents = subsidies.getOrDefault(vin, List.of()).stream().map(Row::ledgerEventId)
                    .toList();
            List<String> certificateEvents = certificates.getOrDefault(vin, List.of()).stream()
                    .map(Row::ledgerEventId).toList();
            boolean twiceSubsidised = subsidyEvents.size() > 1;
            boolean twiceCertified = certificateEvents.size() > 1;
            if (!twiceSubsidised && !twiceCertified) {
                return;
            }
            List<String> evidence = new ArrayList<>();
            List<String> zh = new ArrayList<>();
            List<String> en = new ArrayList<>();
            if (twiceSubsidised) {
                evidence.addAll(subsidyEvents);
                zh.add(subsidyEvents.size() + "笔车辆补贴");
                en.add(subsidyEvents.size() + " vehicle subsidies");
            }
            if (twiceCertified) {
                evidence.addAll(certificateEvents);
                zh.add(certificateEvents.size() + "张报废机动车回收证明");
                en.add(certificateEvents.size() + " scrap certificates");
            }
            context.raise(new AlertDraft(ID, severity(), "vin", vin, null, regionCode,
                    "车辆" + vin + "对应" + String.join("、", zh),
                    "vehicle " + vin + " is behind " + String.join(" and ", en), evidence));
        }
    }
}
