package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Joins vehicle subsidies to the scrap records of their old VIN, whichever is recorded first: a
 * grant may be posted before the recycler posts the scrap certificate, or months after. Each rule
 * that judges a (grant, scrap) pair keeps both sides in its own two tables,
 * {@code <prefix>_grant} and {@code <prefix>_scrap}, so that the rules stay independent of one
 * another and can be rebuilt or re-run alone.
 */
final class ScrapGrantJoin {

    private static final RowMapper<Grant> GRANT = (rs, row) -> new Grant(rs.getString("subsidy_id"),
            rs.getString("vin"), Programme.valueOf(rs.getString("programme")),
            rs.getObject("granted_on", LocalDate.class), rs.getString("region_code"),
            rs.getString("ledger_event_id"));

    private static final RowMapper<Scrap> SCRAP = (rs, row) -> new Scrap(rs.getString("ledger_event_id"),
            rs.getString("vin"), rs.getString("certificate_no"), VehicleClass.valueOf(rs.getString("vehicle_class")),
            Fuel.valueOf(rs.getString("fuel")), rs.getObject("registered_on", LocalDate.class),
            rs.getObject("owned_since", LocalDate.class), rs.getObject("scrapped_on", LocalDate.class));

    private final String grantTable;
    private final String scrapTable;

    ScrapGrantJoin(String tablePrefix) {
        this.grantTable = tablePrefix + "_grant";
        this.scrapTable = tablePrefix + "_scrap";
    }

    List<String> tables() {
        return List.of(grantTable, scrapTable);
    }

    /**
     * Starts a batch: reads both sides of the join for the VINs of the batch's events (and whether
     * the batch's subsidies are kept already under another VIN), for the keys the tables may hold.
     */
    Batch begin(JdbcTemplate jdbc, List<FraudEvent> events, RuleMemory memory) {
        KeyFilter grantedVins = memory.keys(jdbc, grantTable, "vin");
        KeyFilter scrappedVins = memory.keys(jdbc, scrapTable, "vin");
        KeyFilter grantedSubsidies = memory.keys(jdbc, grantTable, "subsidy_id");
        Set<String> vins = new LinkedHashSet<>();
        Set<String> subsidies = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.VEHICLE) {
                    vins.add(granted.oldItem().ref());
                    subsidies.add(granted.subsidyId().value());
                }
            } else if (item.fact() instanceof VehicleScrapped scrapped) {
                vins.add(scrapped.vin().value());
            }
        }
        Batch batch = new Batch(jdbc, grantedVins, scrappedVins, grantedSubsidies);
        PendingWrites.select(jdbc, "SELECT * FROM " + grantTable + " WHERE vin IN ", "", grantedVins.mayHold(vins), rs -> {
            Grant grant = GRANT.mapRow(rs, 0);
            batch.grants.computeIfAbsent(grant.vin(), k -> new ArrayList<>()).add(grant);
            batch.grantIds.add(grant.subsidyId());
        });
        PendingWrites.select(jdbc, "SELECT * FROM " + scrapTable + " WHERE vin IN ", "", scrappedVins.mayHold(vins), rs -> {
            Scrap scrap = SCRAP.mapRow(rs, 0);
            batch.scraps.computeIfAbsent(scrap.vin(), k -> new ArrayList<>()).add(scrap);
            batch.scrapIds.add(scrap.ledgerEventId());
        });
        subsidies.removeAll(batch.grantIds);
        PendingWrites.select(jdbc, "SELECT subsidy_id FROM " + grantTable + " WHERE subsidy_id IN ", "",
                grantedSubsidies.mayHold(subsidies),
                rs -> batch.grantIds.add(rs.getString(1)));
        return batch;
    }

    /** Both sides of the join for one batch's VINs; what the batch adds is written at {@link #flush}. */
    final class Batch {

        private final JdbcTemplate jdbc;
        private final Map<String, List<Grant>> grants = new HashMap<>();
        private final Map<String, List<Scrap>> scraps = new HashMap<>();
        private final Set<String> grantIds = new HashSet<>();
        private final Set<String> scrapIds = new HashSet<>();
        private final PendingWrites grantWrites;
        private final PendingWrites scrapWrites;
        /** Which VINs and subsidies the tables may have rows of. */
        private final KeyFilter grantedVins;
        private final KeyFilter scrappedVins;
        private final KeyFilter grantedSubsidies;

        private Batch(JdbcTemplate jdbc, KeyFilter grantedVins, KeyFilter scrappedVins, KeyFilter grantedSubsidies) {
            this.jdbc = jdbc;
            this.grantWrites = new PendingWrites(jdbc);
            this.scrapWrites = new PendingWrites(jdbc);
            this.grantedVins = grantedVins;
            this.scrappedVins = scrappedVins;
            this.grantedSubsidies = grantedSubsidies;
        }

        /** Keeps the grant (once) and answers the scrap records already known for its old VIN. */
        List<Scrap> grant(Grant grant) {
            if (grantIds.add(grant.subsidyId())) {
                grantWrites.add("INSERT INTO " + grantTable + " (subsidy_id, vin, programme, granted_on, region_code, "
                                + "ledger_event_id) VALUES (?,?,?,?,?,?)", grant.subsidyId(), grant.vin(),
                        grant.programme().name(), grant.grantedOn(), grant.regionCode(), grant.ledgerEventId());
                grantedVins.add(grant.vin());
                grantedSubsidies.add(grant.subsidyId());
                grants.computeIfAbsent(grant.vin(), k -> new ArrayList<>()).add(grant);
            }
            List<Scrap> known = scraps.getOrDefault(grant.vin(), List.of());
            Map<String, Integer> rank = Sorted.ranks(jdbc, known.stream().map(Scrap::ledgerEventId).toList());
            return known.stream().sorted(Comparator.comparing(Scrap::scrappedOn)
                    .thenComparing(s -> rank.get(s.ledgerEventId()))).toList();
        }

        /** Keeps the scrap record (once) and answers the grants already known whose old VIN it is. */
        List<Grant> scrap(Scrap scrap) {
            if (scrapIds.add(scrap.ledgerEventId())) {
                scrapWrites.add("INSERT INTO " + scrapTable + " (ledger_event_id, vin, certificate_no, vehicle_class, "
                                + "fuel, registered_on, owned_since, scrapped_on) VALUES (?,?,?,?,?,?,?,?)",
                        scrap.ledgerEventId(), scrap.vin(), scrap.certificateNo(), scrap.vehicleClass().name(),
                        scrap.fuel().name(), scrap.registeredOn(), scrap.ownedSince(), scrap.scrappedOn());
                scrappedVins.add(scrap.vin());
                scraps.computeIfAbsent(scrap.vin(), k -> new ArrayList<>()).add(scrap);
            }
            List<Grant> known = grants.getOrDefault(scrap.vin(), List.of());
            Map<String, Integer> rank = Sorted.ranks(jdbc, known.stream().map(Grant::subsidyId).toList());
            return known.stream().sorted(Comparator.comparing(Grant::grantedOn)
                    .thenComparing(g -> rank.get(g.subsidyId()))).toList();
        }

        void flush() {
            grantWrites.flush();
            scrapWrites.flush();
        }
    }

    /** A vehicle subsidy as the join keeps it: the old VIN it names and its business date. */
    record Grant(String subsidyId, String vin, Programme programme, LocalDate grantedOn, String regionCode,
                 String ledgerEventId) {

        /** The grant's side of the join, or empty when the subsidy names no old vehicle. */
        static Optional<Grant> of(SubsidyGranted granted, RecordedEvent event) {
            if (granted.oldItem() == null || granted.oldItem().kind() != OldItemKind.VEHICLE) {
                return Optional.empty();
            }
            return Optional.of(new Grant(granted.subsidyId().value(), granted.oldItem().ref(), granted.programme(),
                    event.occurredOn(), granted.regionCode().value(), event.ledgerEventId()));
        }
    }

    /** One scrap certificate as the join keeps it. */
    record Scrap(String ledgerEventId, String vin, String certificateNo, VehicleClass vehicleClass, Fuel fuel,
                 LocalDate registeredOn, LocalDate ownedSince, LocalDate scrappedOn) {

        static Scrap of(VehicleScrapped scrapped, RecordedEvent event) {
            return new Scrap(event.ledgerEventId(), scrapped.vin().value(), scrapped.certificateNo(),
                    scrapped.vehicleClass(), scrapped.fuel(), scrapped.registeredOn(), scrapped.ownedSince(),
                    scrapped.scrappedOn());
        }
    }
}
