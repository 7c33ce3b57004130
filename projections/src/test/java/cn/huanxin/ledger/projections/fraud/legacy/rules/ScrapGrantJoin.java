package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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

    /** Keeps the grant (once) and answers the scrap records already known for its old VIN. */
    List<Scrap> grant(JdbcTemplate jdbc, Grant grant) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM " + grantTable + " WHERE subsidy_id = ?",
                Integer.class, grant.subsidyId());
        if (known == null || known == 0) {
            jdbc.update("INSERT INTO " + grantTable + " (subsidy_id, vin, programme, granted_on, region_code, "
                            + "ledger_event_id) VALUES (?,?,?,?,?,?)", grant.subsidyId(), grant.vin(),
                    grant.programme().name(), grant.grantedOn(), grant.regionCode(), grant.ledgerEventId());
        }
        return jdbc.query("SELECT * FROM " + scrapTable + " WHERE vin = ? ORDER BY scrapped_on, ledger_event_id",
                SCRAP, grant.vin());
    }

    /** Keeps the scrap record (once) and answers the grants already known whose old VIN it is. */
    List<Grant> scrap(JdbcTemplate jdbc, Scrap scrap) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM " + scrapTable + " WHERE ledger_event_id = ?",
                Integer.class, scrap.ledgerEventId());
        if (known == null || known == 0) {
            jdbc.update("INSERT INTO " + scrapTable + " (ledger_event_id, vin, certificate_no, vehicle_class, fuel, "
                            + "registered_on, owned_since, scrapped_on) VALUES (?,?,?,?,?,?,?,?)",
                    scrap.ledgerEventId(), scrap.vin(), scrap.certificateNo(), scrap.vehicleClass().name(),
                    scrap.fuel().name(), scrap.registeredOn(), scrap.ownedSince(), scrap.scrappedOn());
        }
        return jdbc.query("SELECT * FROM " + grantTable + " WHERE vin = ? ORDER BY granted_on, subsidy_id",
                GRANT, scrap.vin());
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
