package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.appliance.ApplianceHandedOver;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.enterprise.EnterpriseRegistered;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.equipment.EquipmentRenewed;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleDeregistered;
import cn.huanxin.ledger.core.vehicle.VehicleDismantled;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events of the slice an investigation of one region reads (docs/investigations.md, "Region").
 * <p>
 * The region chooses the <em>cases</em>; the things the cases refer to are read in full:
 * <ul>
 *   <li>Case streams are attributed to a region. An event that names a programme region uses it
 *       ({@code SubsidyGranted}, {@code FundOpened}, {@code FundAllocated}, {@code FundReclaimed},
 *       {@code EquipmentRenewed}); a later event of the same stream without one inherits the region of
 *       the event that opened its stream ({@code SubsidyPaid} and {@code SubsidyReversed} that of the
 *       grant, {@code FundAppropriated} that of the fund); a reverse invoice (and its void) belongs to
 *       the region where its issuer is registered.</li>
 *   <li>Reference streams — old items and enterprises: vehicles, collected appliances, enterprise
 *       registrations and qualifications — are always read. A subsidy of one county routinely refers
 *       to a vehicle registered elsewhere (docs/api.md lets {@code VehicleScrapped.regionCode} lie
 *       outside the programme), to an appliance collected in the next district, or to a recycler
 *       registered at city level; leaving them out would make R04, R06, R07, R11, R12, R13, R14 and
 *       R21 judge the county's cases as if those records did not exist, and raise false alerts.</li>
 * </ul>
 * A region code covers the codes below it (GB/T 2260): a city code {@code 320800} covers its districts
 * and counties {@code 3208xx}. A stream whose opening event lies before the slice is attributed by
 * reading that event from the event table; the regions of the streams seen are kept in the run's
 * scratch tables, with a bounded cache in front, so memory stays bounded however long the slice.
 */
final class RegionScope {

    static final String TABLE = "investigation_stream_region";
    static final String DDL = "CREATE TABLE " + TABLE + " (stream_id VARCHAR(128) PRIMARY KEY, region_code VARCHAR(6))";
    private static final int CACHE_ENTRIES = 50_000;
    /** Marks, in the cache, a stream whose region is unknown (it has no opening event in the table). */
    private static final String UNKNOWN = "";

    private static final Set<Class<? extends LedgerFact>> REFERENCE = Set.of(VehicleScrapped.class,
            VehicleDeregistered.class, VehicleDismantled.class, ApplianceCollected.class, ApplianceHandedOver.class,
            ApplianceDismantled.class, EnterpriseRegistered.class, QualificationGranted.class,
            QualificationRevoked.class);

    private final String prefix;
    private final JdbcTemplate scratch;
    private final Function<String, Optional<LedgerFact>> firstOfStream;
    private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /**
     * @param regionCode    the investigated region
     * @param scratch       the run's scratch database, holding {@link #TABLE}
     * @param firstOfStream reads the fact that opened a stream from the event table
     */
    RegionScope(String regionCode, JdbcTemplate scratch, Function<String, Optional<LedgerFact>> firstOfStream) {
        this.prefix = prefix(regionCode);
        this.scratch = scratch;
        this.firstOfStream = firstOfStream;
    }

    /** The leading digits a code must start with to lie in {@code regionCode}: {@code 320800} → {@code 3208}. */
    static String prefix(String regionCode) {
        String prefix = regionCode;
        while (prefix.length() > 2 && prefix.endsWith("00")) {
            prefix = prefix.substring(0, prefix.length() - 2);
        }
        return prefix;
    }

    boolean covers(String regionCode) {
        return regionCode != null && regionCode.startsWith(prefix);
    }

    /** Whether the investigation reads this event; call it for every event of the slice, in global order. */
    boolean includes(LedgerFact fact) {
        if (REFERENCE.contains(fact.getClass())) {
            if (fact instanceof EnterpriseRegistered registered) {
                remember(registered.streamId().toString(), registered.regionCode().value());
            }
            return true;
        }
        String region = ownRegion(fact);
        if (region != null) {
            if (opensStream(fact)) {
                remember(fact.streamId().toString(), region);
            }
            return covers(region);
        }
        if (fact instanceof ReverseInvoiceIssued issued) {
            String issuerRegion = streamRegion(StreamId.of(StreamKind.ENTERPRISE, issued.issuerId()).toString());
            remember(issued.streamId().toString(), issuerRegion);
            return covers(issuerRegion);
        }
        return covers(streamRegion(fact.streamId().toString()));
    }

    /** The programme region an event names itself, or {@code null}. */
    private static String ownRegion(LedgerFact fact) {
        if (fact instanceof SubsidyGranted granted) {
            return granted.regionCode().value();
        }
        if (fact instanceof FundAllocated allocated) {
            return allocated.regionCode().value();
        }
        if (fact instanceof FundReclaimed reclaimed) {
            return reclaimed.regionCode().value();
        }
        if (fact instanceof FundOpened opened) {
            return opened.regionCode().value();
        }
        if (fact instanceof EquipmentRenewed renewed) {
            return renewed.regionCode().value();
        }
        return null;
    }

    private static boolean opensStream(LedgerFact fact) {
        return fact instanceof SubsidyGranted || fact instanceof FundOpened || fact instanceof EquipmentRenewed;
    }

    /** The region of the stream, from the cache, the scratch table, or the event that opened it; {@code null} if unknown. */
    private String streamRegion(String streamId) {
        String cached = cache.get(streamId);
        if (cached == null) {
            List<String> stored = scratch.queryForList("SELECT region_code FROM " + TABLE + " WHERE stream_id = ?",
                    String.class, streamId);
            if (!stored.isEmpty()) {
                cached = stored.get(0) == null ? UNKNOWN : stored.get(0);
            } else {
                cached = firstOfStream.apply(streamId).map(this::openingRegion).orElse(null);
                remember(streamId, cached);
                cached = cached == null ? UNKNOWN : cached;
            }
            cache.put(streamId, cached);
        }
        return cached.equals(UNKNOWN) ? null : cached;
    }

    /** The region of a stream from its opening fact, read from the event table. */
    private String openingRegion(LedgerFact opening) {
        if (opening instanceof EnterpriseRegistered registered) {
            return registered.regionCode().value();
        }
        if (opening instanceof ReverseInvoiceIssued issued) {
            return streamRegion(StreamId.of(StreamKind.ENTERPRISE, issued.issuerId()).toString());
        }
        return ownRegion(opening);
    }

    private void remember(String streamId, String region) {
        cache.put(streamId, region == null ? UNKNOWN : region);
        // An upsert in SQL that H2 and PostgreSQL (the two homes of the scratch tables) both speak.
        if (scratch.update("UPDATE " + TABLE + " SET region_code = ? WHERE stream_id = ?", region, streamId) == 0) {
            scratch.update("INSERT INTO " + TABLE + " (stream_id, region_code) VALUES (?, ?)", streamId, region);
        }
    }
}
