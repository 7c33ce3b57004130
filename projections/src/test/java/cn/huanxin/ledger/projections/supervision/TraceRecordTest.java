package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.equipment.EquipmentCategory;
import cn.huanxin.ledger.core.equipment.MeasureUnit;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the whole trace record of every trace kind — each stage with its status and its events in
 * order, the completeness, the missing entries with their reasons, and every related entry in order —
 * for one world in which each kind's branches occur. {@link TraceContract} states the rules one by
 * one; this test exists so that restructuring the code that computes traces cannot change any part
 * of an answer unnoticed. It runs on H2 only because what it pins is computed in Java after the reads.
 * <p>
 * A trace is rendered one line per fact: events as {@code #n} (their place in the order fed, with
 * their type and stream), identifiers as the names this test gives them.
 */
class TraceRecordTest {

    static final String FUND = "F-CTI-2024";
    static final String OTHER_FUND = "F-2";
    static final String DEALER = enterprise(1);
    static final String COLLECTOR = enterprise(2);
    static final String DISMANTLER = enterprise(3);
    static final String RECYCLER = enterprise(4);
    static final String UNQUALIFIED = enterprise(5);
    static final String RENEWER = enterprise(6);
    /** The recycler of renewed equipment that {@link Sample#renewed} names; never registered. */
    static final String EQUIPMENT_RECYCLER = enterprise(99);
    static final String ZHANG = person("张三");
    static final String LI = person("李四");
    static final String VIN_SCRAPPED = vin(1);
    static final String VIN_UNQUALIFIED = vin(2);
    static final String VIN_REPLACED = vin(3);
    static final String VIN_NEVER_RECORDED = vin(404);

    private final SupervisionFixture fixture = new SupervisionFixture(ProjectionDatabases.h2(), TargetCatalog.EMPTY,
            TraceDeadlines.DEFAULTS);
    private final Map<String, String> names = new LinkedHashMap<>();

    @BeforeEach
    void world() {
        names.put(DEALER, "DEALER");
        names.put(COLLECTOR, "COLLECTOR");
        names.put(DISMANTLER, "DISMANTLER");
        names.put(RECYCLER, "RECYCLER");
        names.put(UNQUALIFIED, "UNQUALIFIED");
        names.put(RENEWER, "RENEWER");
        names.put(EQUIPMENT_RECYCLER, "EQUIPMENT_RECYCLER");
        names.put(ZHANG, "ZHANG");
        names.put(LI, "LI");
        names.put(VIN_SCRAPPED, "VIN_SCRAPPED");
        names.put(VIN_UNQUALIFIED, "VIN_UNQUALIFIED");
        names.put(VIN_REPLACED, "VIN_REPLACED");
        names.put(VIN_NEVER_RECORDED, "VIN_NEVER_RECORDED");

        fixture.feed(registered(DEALER, EnterpriseRole.DEALER), "2024-01-05");
        fixture.feed(qualified(DEALER, Qualification.DEALER_FILING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(COLLECTOR, EnterpriseRole.RECYCLER), "2024-01-05");
        fixture.feed(qualified(COLLECTOR, Qualification.RECYCLING_FILING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(DISMANTLER, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(DISMANTLER, Qualification.WEEE_PROCESSING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(RECYCLER, EnterpriseRole.VEHICLE_RECYCLER), "2024-01-05");
        fixture.feed(qualified(RECYCLER, Qualification.VEHICLE_RECYCLING, "2024-01-01", "2026-12-31"), "2024-01-05");
        fixture.feed(registered(UNQUALIFIED, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(registered(RENEWER, EnterpriseRole.OPERATOR), "2024-01-05");
        fixture.feed(fundOpened(FUND), "2024-01-10");
        fixture.feed(appropriated(FUND, "AP-1", "50000000.00"), "2024-01-20");
        fixture.feed(allocated(FUND, "AL-1", REGION, "10000000.00"), "2024-02-01");
        fixture.feed(fundOpened(OTHER_FUND), "2024-01-10");
        fixture.feed(allocated(OTHER_FUND, "AL-OTHER", OTHER_REGION, "100000.00"), "2024-02-01");

        // An appliance subsidy that went all the way, and a second subsidy naming the same old item.
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(applianceGrant("S-3", FUND, LI, DEALER, "R-1", "800.00"), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-20"), "2024-09-20");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");

        // From a fund never allocated to the region, dismantled by its own collector, reversed in part, paid late.
        fixture.feed(applianceGrant("S-2", OTHER_FUND, ZHANG, DEALER, "R-2", "1000.00"), "2024-09-02");
        fixture.feed(collected("R-2", ZHANG, DISMANTLER, "2024-09-04", "S-2"), "2024-09-04");
        fixture.feed(reversed("S-2", "RV-1", "300.00"), "2024-09-06");
        fixture.feed(applianceDismantled("R-2", DISMANTLER, "2024-09-10"), "2024-09-10");
        fixture.feed(paid("S-2", "P-2", "700.00", "2024-10-20"), "2024-10-20");

        // A scrapped car that closed in time, and one scrapped by a recycler without the qualification.
        fixture.feed(scrapped(VIN_SCRAPPED, "CERT-1", RECYCLER, ZHANG, "2024-09-10"), "2024-09-10");
        fixture.feed(invoice("INV-1", RECYCLER, ZHANG, "2024-09-10", List.of("R-1", VIN_SCRAPPED)), "2024-09-10");
        fixture.feed(scrapped(VIN_UNQUALIFIED, "CERT-2", UNQUALIFIED, LI, "2024-09-11"), "2024-09-11");
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, VIN_SCRAPPED), "2024-09-12");
        fixture.feed(vehicleGrant("S-V2", FUND, LI, DEALER, VIN_UNQUALIFIED), "2024-09-13");
        fixture.feed(deregistered(VIN_SCRAPPED, "2024-09-20"), "2024-09-20");
        fixture.feed(paid("S-V1", "P-V1", "20000.00", "2024-09-30"), "2024-09-30");
        fixture.feed(vehicleDismantled(VIN_SCRAPPED, RECYCLER, "2024-10-01"), "2024-10-01");
        fixture.feed(voided("INV-1", "2024-10-02"), "2024-10-02");

        // Old items that have no chain of their own: an e-bike named by two subsidies, equipment, a replaced car.
        fixture.feed(grant("S-E1", FUND, Programme.EBIKE, ZHANG, DEALER, new OldItem(OldItemKind.EBIKE, "EB-1"),
                null, "500.00"), "2024-09-14");
        fixture.feed(grant("S-E2", FUND, Programme.EBIKE, LI, DEALER, new OldItem(OldItemKind.EBIKE, "EB-1"),
                null, "500.00"), "2024-09-15");
        fixture.feed(enterpriseGrant("S-ENT", RENEWER, new OldItem(OldItemKind.EQUIPMENT, "EQ-1")), "2024-09-16");
        fixture.feed(renewed("RN-1", RENEWER, EquipmentCategory.ELEVATOR, 3, MeasureUnit.SET, "300000.00"),
                "2024-09-16");
        fixture.feed(grant("S-R", FUND, Programme.VEHICLE_REPLACEMENT, ZHANG, DEALER,
                new OldItem(OldItemKind.VEHICLE, VIN_REPLACED), null, "15000.00"), "2024-09-17");

        // A subsidy reversed in full, and one known only from the collection that names it.
        fixture.feed(applianceGrant("S-W", FUND, LI, DEALER, "R-W", "1000.00"), "2024-09-18");
        fixture.feed(reversed("S-W", "RV-W", "1000.00"), "2024-09-19");
        fixture.feed(collected("R-9", LI, COLLECTOR, "2024-09-20", "S-9"), "2024-09-20");
        fixture.feed(handedOver("R-9", UNQUALIFIED, "2024-09-21"), "2024-09-21");
        fixture.feed(applianceDismantled("R-9", UNQUALIFIED, "2024-09-22"), "2024-09-22");

        fixture.feed(invoice("INV-2", DEALER, LI, "2024-09-25", List.of("R-404", VIN_NEVER_RECORDED)), "2024-09-25");
        fixture.feed(reclaimed(FUND, "RC-1", REGION, "1000.00"), "2024-10-30");
        fixture.tick("2024-11-15", "10:00");
    }

    private static SubsidyGranted enterpriseGrant(String subsidyId, String enterpriseId, OldItem oldItem) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(FUND), RegionCode.of(REGION),
                Programme.EQUIPMENT_RENEWAL, Beneficiary.enterprise(EnterpriseId.of(enterpriseId)), null, null, null,
                Money.parse("30000.00"), oldItem, null, null);
    }

    // ---- rendering ----

    private String traced(TraceKind kind, String ref) {
        return render(fixture.traced(kind, ref));
    }

    private String traced(TraceKind kind, String ref, Bitemporal time) {
        return render(fixture.traced(kind, ref, time));
    }

    private String render(TraceView view) {
        StringBuilder out = new StringBuilder();
        out.append("subject ").append(view.subject().kind()).append(' ').append(view.subject().ref()).append('\n');
        out.append("completeness ").append(view.completeness()).append('\n');
        for (Stage stage : view.stages()) {
            out.append("stage ").append(stage.stage()).append(' ').append(stage.status()).append('\n');
            for (TraceEvent event : stage.events()) {
                out.append("  ").append(event(event)).append('\n');
            }
        }
        view.missing().forEach(entry -> out.append("missing ").append(entry).append('\n'));
        view.related().forEach(entry -> out.append("related ").append(entry.kind()).append(' ').append(entry.ref())
                .append(' ').append(entry.relation()).append('\n'));
        String text = out.toString();
        for (Map.Entry<String, String> name : names.entrySet()) {
            text = text.replace(name.getKey(), name.getValue());
        }
        return text;
    }

    /** An event of a stage, checked field by field against the message that was fed. */
    private String event(TraceEvent event) {
        List<DomainEventMessage<?>> fed = fixture.fed();
        for (int n = 0; n < fed.size(); n++) {
            RecordedEvent recorded = RecordedEvent.of(fed.get(n));
            if (recorded.ledgerEventId().equals(event.ledgerEventId())) {
                assertThat(event).isEqualTo(new TraceEvent(recorded.ledgerEventId(), recorded.streamId(),
                        recorded.type(), recorded.occurredAt(), recorded.recordedAt()));
                return "#" + n + " " + event.type() + " " + event.streamId();
            }
        }
        throw new AssertionError("an event that was never fed: " + event);
    }

    // ---- the kinds ----

    @Test
    void subsidies() {
        assertThat(traced(TraceKind.SUBSIDY, "S-1")).isEqualTo("""
                subject subsidy S-1
                completeness COMPLETE
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #15 SubsidyGranted subsidy:S-1
                stage PAID DONE
                  #19 SubsidyPaid subsidy:S-1
                stage OLD_ITEM_COLLECTED DONE
                  #16 ApplianceCollected appliance:R-1
                stage HANDED_OVER DONE
                  #18 ApplianceHandedOver appliance:R-1
                stage DISMANTLED_BY_QUALIFIED DONE
                  #20 ApplianceDismantled appliance:R-1
                related fund F-CTI-2024 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related appliance R-1 old-item
                related person ZHANG owner
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related enterprise DISMANTLER dismantler
                related subsidy S-2 same-beneficiary
                related subsidy S-V1 same-beneficiary
                related subsidy S-E1 same-beneficiary
                related subsidy S-R same-beneficiary
                related subsidy S-3 same-old-item
                related invoice INV-1 reverse-invoice
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(day("2024-09-10"), null))).isEqualTo("""
                subject subsidy S-1
                completeness IN_PROGRESS
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #15 SubsidyGranted subsidy:S-1
                stage PAID PENDING
                stage OLD_ITEM_COLLECTED DONE
                  #16 ApplianceCollected appliance:R-1
                stage HANDED_OVER DONE
                  #18 ApplianceHandedOver appliance:R-1
                stage DISMANTLED_BY_QUALIFIED PENDING
                missing PAID
                missing DISMANTLED_BY_QUALIFIED
                related fund F-CTI-2024 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related appliance R-1 old-item
                related person ZHANG owner
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related subsidy S-2 same-beneficiary
                related subsidy S-3 same-old-item
                related invoice INV-1 reverse-invoice
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-2")).isEqualTo("""
                subject subsidy S-2
                completeness BROKEN
                stage FUND_ALLOCATED MISSING
                stage GRANTED DONE
                  #21 SubsidyGranted subsidy:S-2
                stage PAID LATE
                  #25 SubsidyPaid subsidy:S-2
                stage OLD_ITEM_COLLECTED DONE
                  #22 ApplianceCollected appliance:R-2
                stage HANDED_OVER NOT_APPLICABLE
                stage DISMANTLED_BY_QUALIFIED DONE
                  #24 ApplianceDismantled appliance:R-2
                stage REVERSED INFO
                  #23 SubsidyReversed subsidy:S-2
                missing FUND_ALLOCATED: no allocation of fund F-2 to region 320812 on or before the grant
                related fund F-2 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related appliance R-2 old-item
                related person ZHANG owner
                related enterprise DISMANTLER collector
                related enterprise DISMANTLER dismantler
                related subsidy S-1 same-beneficiary
                related subsidy S-V1 same-beneficiary
                related subsidy S-E1 same-beneficiary
                related subsidy S-R same-beneficiary
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-2", new Bitemporal(day("2024-10-05"), null))).isEqualTo("""
                subject subsidy S-2
                completeness BROKEN
                stage FUND_ALLOCATED MISSING
                stage GRANTED DONE
                  #21 SubsidyGranted subsidy:S-2
                stage PAID PENDING
                stage OLD_ITEM_COLLECTED DONE
                  #22 ApplianceCollected appliance:R-2
                stage HANDED_OVER NOT_APPLICABLE
                stage DISMANTLED_BY_QUALIFIED DONE
                  #24 ApplianceDismantled appliance:R-2
                stage REVERSED INFO
                  #23 SubsidyReversed subsidy:S-2
                missing FUND_ALLOCATED: no allocation of fund F-2 to region 320812 on or before the grant
                missing PAID
                related fund F-2 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related appliance R-2 old-item
                related person ZHANG owner
                related enterprise DISMANTLER collector
                related enterprise DISMANTLER dismantler
                related subsidy S-1 same-beneficiary
                related subsidy S-V1 same-beneficiary
                related subsidy S-E1 same-beneficiary
                related subsidy S-R same-beneficiary
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-V1")).isEqualTo("""
                subject subsidy S-V1
                completeness COMPLETE
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #29 SubsidyGranted subsidy:S-V1
                stage PAID DONE
                  #32 SubsidyPaid subsidy:S-V1
                stage SCRAPPED_BY_QUALIFIED_RECYCLER DONE
                  #26 VehicleScrapped vehicle:VIN_SCRAPPED
                stage DEREGISTERED DONE
                  #31 VehicleDeregistered vehicle:VIN_SCRAPPED
                stage DISMANTLED DONE
                  #33 VehicleDismantled vehicle:VIN_SCRAPPED
                related fund F-CTI-2024 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related vehicle VIN_SCRAPPED old-item
                related person ZHANG owner
                related enterprise RECYCLER recycler
                related enterprise RECYCLER dismantler
                related subsidy S-1 same-beneficiary
                related subsidy S-2 same-beneficiary
                related subsidy S-E1 same-beneficiary
                related subsidy S-R same-beneficiary
                related invoice INV-1 reverse-invoice
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-V2")).isEqualTo("""
                subject subsidy S-V2
                completeness BROKEN
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #30 SubsidyGranted subsidy:S-V2
                stage PAID MISSING
                stage SCRAPPED_BY_QUALIFIED_RECYCLER UNQUALIFIED
                  #28 VehicleScrapped vehicle:VIN_UNQUALIFIED
                stage DEREGISTERED MISSING
                stage DISMANTLED MISSING
                missing PAID: not within 30 days of the grant (deadline 2024-10-13)
                missing SCRAPPED_BY_QUALIFIED_RECYCLER: recycler UNQUALIFIED held no VEHICLE_RECYCLING valid on 2024-09-11
                missing DEREGISTERED: not within 30 days of scrapping (deadline 2024-10-11)
                missing DISMANTLED: not within 30 days of scrapping (deadline 2024-10-11)
                related fund F-CTI-2024 fund
                related person LI beneficiary
                related enterprise DEALER merchant
                related vehicle VIN_UNQUALIFIED old-item
                related person LI owner
                related enterprise UNQUALIFIED recycler
                related subsidy S-3 same-beneficiary
                related subsidy S-E2 same-beneficiary
                related subsidy S-W same-beneficiary
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-E1")).isEqualTo("""
                subject subsidy S-E1
                completeness BROKEN
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #35 SubsidyGranted subsidy:S-E1
                stage PAID MISSING
                missing PAID: not within 30 days of the grant (deadline 2024-10-14)
                related fund F-CTI-2024 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related ebike EB-1 old-item
                related subsidy S-1 same-beneficiary
                related subsidy S-2 same-beneficiary
                related subsidy S-V1 same-beneficiary
                related subsidy S-R same-beneficiary
                related subsidy S-E2 same-old-item
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-ENT")).isEqualTo("""
                subject subsidy S-ENT
                completeness BROKEN
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #37 SubsidyGranted subsidy:S-ENT
                stage PAID MISSING
                missing PAID: not within 30 days of the grant (deadline 2024-10-16)
                related fund F-CTI-2024 fund
                related enterprise RENEWER beneficiary
                related equipment EQ-1 old-item
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-R")).isEqualTo("""
                subject subsidy S-R
                completeness BROKEN
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #39 SubsidyGranted subsidy:S-R
                stage PAID MISSING
                missing PAID: not within 30 days of the grant (deadline 2024-10-17)
                related fund F-CTI-2024 fund
                related person ZHANG beneficiary
                related enterprise DEALER merchant
                related vehicle VIN_REPLACED old-item
                related subsidy S-1 same-beneficiary
                related subsidy S-2 same-beneficiary
                related subsidy S-V1 same-beneficiary
                related subsidy S-E1 same-beneficiary
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-W")).isEqualTo("""
                subject subsidy S-W
                completeness COMPLETE
                stage FUND_ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #40 SubsidyGranted subsidy:S-W
                stage PAID NOT_APPLICABLE
                stage OLD_ITEM_COLLECTED NOT_APPLICABLE
                stage HANDED_OVER NOT_APPLICABLE
                stage DISMANTLED_BY_QUALIFIED NOT_APPLICABLE
                stage REVERSED INFO
                  #41 SubsidyReversed subsidy:S-W
                related fund F-CTI-2024 fund
                related person LI beneficiary
                related enterprise DEALER merchant
                related appliance R-W old-item
                related subsidy S-3 same-beneficiary
                related subsidy S-V2 same-beneficiary
                related subsidy S-E2 same-beneficiary
                """);
        assertThat(traced(TraceKind.SUBSIDY, "S-9")).isEqualTo("""
                subject subsidy S-9
                completeness BROKEN
                stage FUND_ALLOCATED PENDING
                stage GRANTED PENDING
                stage PAID PENDING
                stage OLD_ITEM_COLLECTED DONE
                  #42 ApplianceCollected appliance:R-9
                stage HANDED_OVER DONE
                  #43 ApplianceHandedOver appliance:R-9
                stage DISMANTLED_BY_QUALIFIED UNQUALIFIED
                  #44 ApplianceDismantled appliance:R-9
                missing FUND_ALLOCATED
                missing GRANTED
                missing PAID
                missing DISMANTLED_BY_QUALIFIED: not by a WEEE_PROCESSING holder within 30 days of collection (deadline 2024-10-20): dismantler UNQUALIFIED held no WEEE_PROCESSING valid on 2024-09-22
                related appliance R-9 old-item
                related person LI owner
                related enterprise COLLECTOR collector
                related enterprise UNQUALIFIED receiver
                related enterprise UNQUALIFIED dismantler
                """);
    }

    @Test
    void vehicles() {
        assertThat(traced(TraceKind.VEHICLE, VIN_SCRAPPED)).isEqualTo("""
                subject vehicle VIN_SCRAPPED
                completeness COMPLETE
                stage SCRAPPED_BY_QUALIFIED_RECYCLER DONE
                  #26 VehicleScrapped vehicle:VIN_SCRAPPED
                stage DEREGISTERED DONE
                  #31 VehicleDeregistered vehicle:VIN_SCRAPPED
                stage DISMANTLED DONE
                  #33 VehicleDismantled vehicle:VIN_SCRAPPED
                related person ZHANG owner
                related enterprise RECYCLER recycler
                related enterprise RECYCLER dismantler
                related subsidy S-V1 subsidy
                related invoice INV-1 reverse-invoice
                """);
        assertThat(traced(TraceKind.VEHICLE, VIN_UNQUALIFIED)).isEqualTo("""
                subject vehicle VIN_UNQUALIFIED
                completeness BROKEN
                stage SCRAPPED_BY_QUALIFIED_RECYCLER UNQUALIFIED
                  #28 VehicleScrapped vehicle:VIN_UNQUALIFIED
                stage DEREGISTERED MISSING
                stage DISMANTLED MISSING
                missing SCRAPPED_BY_QUALIFIED_RECYCLER: recycler UNQUALIFIED held no VEHICLE_RECYCLING valid on 2024-09-11
                missing DEREGISTERED: not within 30 days of scrapping (deadline 2024-10-11)
                missing DISMANTLED: not within 30 days of scrapping (deadline 2024-10-11)
                related person LI owner
                related enterprise UNQUALIFIED recycler
                related subsidy S-V2 subsidy
                """);
        assertThat(traced(TraceKind.VEHICLE, VIN_REPLACED)).isEqualTo("""
                subject vehicle VIN_REPLACED
                completeness IN_PROGRESS
                stage SCRAPPED_BY_QUALIFIED_RECYCLER PENDING
                stage DEREGISTERED PENDING
                stage DISMANTLED PENDING
                missing SCRAPPED_BY_QUALIFIED_RECYCLER
                missing DEREGISTERED
                missing DISMANTLED
                related subsidy S-R subsidy
                """);
    }

    @Test
    void appliances() {
        assertThat(traced(TraceKind.APPLIANCE, "R-1")).isEqualTo("""
                subject appliance R-1
                completeness COMPLETE
                stage COLLECTED DONE
                  #16 ApplianceCollected appliance:R-1
                stage HANDED_OVER DONE
                  #18 ApplianceHandedOver appliance:R-1
                stage DISMANTLED_BY_QUALIFIED DONE
                  #20 ApplianceDismantled appliance:R-1
                related person ZHANG owner
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related enterprise DISMANTLER dismantler
                related subsidy S-1 subsidy
                related subsidy S-3 subsidy
                related invoice INV-1 reverse-invoice
                """);
        assertThat(traced(TraceKind.APPLIANCE, "R-2")).isEqualTo("""
                subject appliance R-2
                completeness COMPLETE
                stage COLLECTED DONE
                  #22 ApplianceCollected appliance:R-2
                stage HANDED_OVER NOT_APPLICABLE
                stage DISMANTLED_BY_QUALIFIED DONE
                  #24 ApplianceDismantled appliance:R-2
                related person ZHANG owner
                related enterprise DISMANTLER collector
                related enterprise DISMANTLER dismantler
                related subsidy S-2 subsidy
                """);
        assertThat(traced(TraceKind.APPLIANCE, "R-9")).isEqualTo("""
                subject appliance R-9
                completeness BROKEN
                stage COLLECTED DONE
                  #42 ApplianceCollected appliance:R-9
                stage HANDED_OVER DONE
                  #43 ApplianceHandedOver appliance:R-9
                stage DISMANTLED_BY_QUALIFIED UNQUALIFIED
                  #44 ApplianceDismantled appliance:R-9
                missing DISMANTLED_BY_QUALIFIED: not by a WEEE_PROCESSING holder within 30 days of collection (deadline 2024-10-20): dismantler UNQUALIFIED held no WEEE_PROCESSING valid on 2024-09-22
                related person LI owner
                related enterprise COLLECTOR collector
                related enterprise UNQUALIFIED receiver
                related enterprise UNQUALIFIED dismantler
                related subsidy S-9 subsidy
                """);
    }

    @Test
    void reverseInvoices() {
        assertThat(traced(TraceKind.INVOICE, "INV-1")).isEqualTo("""
                subject invoice INV-1
                completeness COMPLETE
                stage ISSUED DONE
                  #27 ReverseInvoiceIssued reverse-invoice:INV-1
                stage vehicle:VIN_SCRAPPED/SCRAPPED_BY_QUALIFIED_RECYCLER DONE
                  #26 VehicleScrapped vehicle:VIN_SCRAPPED
                stage vehicle:VIN_SCRAPPED/DEREGISTERED DONE
                  #31 VehicleDeregistered vehicle:VIN_SCRAPPED
                stage vehicle:VIN_SCRAPPED/DISMANTLED DONE
                  #33 VehicleDismantled vehicle:VIN_SCRAPPED
                stage appliance:R-1/COLLECTED DONE
                  #16 ApplianceCollected appliance:R-1
                stage appliance:R-1/HANDED_OVER DONE
                  #18 ApplianceHandedOver appliance:R-1
                stage appliance:R-1/DISMANTLED_BY_QUALIFIED DONE
                  #20 ApplianceDismantled appliance:R-1
                stage VOIDED INFO
                  #34 ReverseInvoiceVoided reverse-invoice:INV-1
                related enterprise RECYCLER issuer
                related person ZHANG seller
                related vehicle VIN_SCRAPPED item
                related person ZHANG owner
                related enterprise RECYCLER recycler
                related enterprise RECYCLER dismantler
                related subsidy S-V1 item-subsidy
                related appliance R-1 item
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related enterprise DISMANTLER dismantler
                related subsidy S-1 item-subsidy
                related subsidy S-3 item-subsidy
                """);
        assertThat(traced(TraceKind.INVOICE, "INV-2")).isEqualTo("""
                subject invoice INV-2
                completeness BROKEN
                stage ISSUED UNQUALIFIED
                  #45 ReverseInvoiceIssued reverse-invoice:INV-2
                stage vehicle:VIN_NEVER_RECORDED/SCRAPPED_BY_QUALIFIED_RECYCLER PENDING
                stage vehicle:VIN_NEVER_RECORDED/DEREGISTERED PENDING
                stage vehicle:VIN_NEVER_RECORDED/DISMANTLED PENDING
                stage appliance:R-404/COLLECTED PENDING
                stage appliance:R-404/HANDED_OVER PENDING
                stage appliance:R-404/DISMANTLED_BY_QUALIFIED PENDING
                missing ISSUED: issuer DEALER held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING valid on 2024-09-25
                missing vehicle:VIN_NEVER_RECORDED/SCRAPPED_BY_QUALIFIED_RECYCLER
                missing vehicle:VIN_NEVER_RECORDED/DEREGISTERED
                missing vehicle:VIN_NEVER_RECORDED/DISMANTLED
                missing appliance:R-404/COLLECTED
                missing appliance:R-404/HANDED_OVER
                missing appliance:R-404/DISMANTLED_BY_QUALIFIED
                related enterprise DEALER issuer
                related person LI seller
                related vehicle VIN_NEVER_RECORDED item
                related appliance R-404 item
                """);
    }

    @Test
    void enterprises() {
        assertThat(traced(TraceKind.ENTERPRISE, DEALER)).isEqualTo("""
                subject enterprise DEALER
                completeness COMPLETE
                stage REGISTERED DONE
                  #0 EnterpriseRegistered enterprise:DEALER
                stage QUALIFIED DONE
                  #1 QualificationGranted enterprise:DEALER
                related qualification DEALER_FILING holds
                related subsidy S-1 merchant
                related subsidy S-2 merchant
                related subsidy S-3 merchant
                related subsidy S-V1 merchant
                related subsidy S-V2 merchant
                related subsidy S-E1 merchant
                related subsidy S-E2 merchant
                related subsidy S-R merchant
                related subsidy S-W merchant
                related invoice INV-2 issuer
                """);
        assertThat(traced(TraceKind.ENTERPRISE, DISMANTLER)).isEqualTo("""
                subject enterprise DISMANTLER
                completeness COMPLETE
                stage REGISTERED DONE
                  #4 EnterpriseRegistered enterprise:DISMANTLER
                stage QUALIFIED DONE
                  #5 QualificationGranted enterprise:DISMANTLER
                related qualification WEEE_PROCESSING holds
                related appliance R-2 collector
                related appliance R-1 receiver
                related appliance R-2 dismantler
                related appliance R-1 dismantler
                """);
        assertThat(traced(TraceKind.ENTERPRISE, RECYCLER)).isEqualTo("""
                subject enterprise RECYCLER
                completeness COMPLETE
                stage REGISTERED DONE
                  #6 EnterpriseRegistered enterprise:RECYCLER
                stage QUALIFIED DONE
                  #7 QualificationGranted enterprise:RECYCLER
                related qualification VEHICLE_RECYCLING holds
                related invoice INV-1 issuer
                related vehicle VIN_SCRAPPED recycler
                related vehicle VIN_SCRAPPED dismantler
                """);
        assertThat(traced(TraceKind.ENTERPRISE, RENEWER)).isEqualTo("""
                subject enterprise RENEWER
                completeness IN_PROGRESS
                stage REGISTERED DONE
                  #9 EnterpriseRegistered enterprise:RENEWER
                stage QUALIFIED PENDING
                missing QUALIFIED
                related equipment RN-1 renewer
                related subsidy S-ENT beneficiary
                """);
        assertThat(traced(TraceKind.ENTERPRISE, EQUIPMENT_RECYCLER)).isEqualTo("""
                subject enterprise EQUIPMENT_RECYCLER
                completeness IN_PROGRESS
                stage REGISTERED PENDING
                stage QUALIFIED PENDING
                missing REGISTERED
                missing QUALIFIED
                related equipment RN-1 old-equipment-recycler
                """);
        assertThat(traced(TraceKind.ENTERPRISE, UNQUALIFIED)).isEqualTo("""
                subject enterprise UNQUALIFIED
                completeness IN_PROGRESS
                stage REGISTERED DONE
                  #8 EnterpriseRegistered enterprise:UNQUALIFIED
                stage QUALIFIED PENDING
                missing QUALIFIED
                related vehicle VIN_UNQUALIFIED recycler
                related appliance R-9 receiver
                related appliance R-9 dismantler
                """);
    }

    @Test
    void funds() {
        assertThat(traced(TraceKind.FUND, FUND)).isEqualTo("""
                subject fund F-CTI-2024
                completeness COMPLETE
                stage OPENED DONE
                  #10 FundOpened fund:F-CTI-2024
                stage APPROPRIATED DONE
                  #11 FundAppropriated fund:F-CTI-2024
                stage ALLOCATED DONE
                  #12 FundAllocated fund:F-CTI-2024
                stage GRANTED DONE
                  #15 SubsidyGranted subsidy:S-1
                  #17 SubsidyGranted subsidy:S-3
                  #29 SubsidyGranted subsidy:S-V1
                  #30 SubsidyGranted subsidy:S-V2
                  #35 SubsidyGranted subsidy:S-E1
                  #36 SubsidyGranted subsidy:S-E2
                  #37 SubsidyGranted subsidy:S-ENT
                  #39 SubsidyGranted subsidy:S-R
                  #40 SubsidyGranted subsidy:S-W
                stage PAID DONE
                  #19 SubsidyPaid subsidy:S-1
                  #32 SubsidyPaid subsidy:S-V1
                stage RECLAIMED INFO
                  #46 FundReclaimed fund:F-CTI-2024
                related region 320812 allocated-to
                """);
        assertThat(traced(TraceKind.FUND, OTHER_FUND)).isEqualTo("""
                subject fund F-2
                completeness IN_PROGRESS
                stage OPENED DONE
                  #13 FundOpened fund:F-2
                stage APPROPRIATED PENDING
                stage ALLOCATED DONE
                  #14 FundAllocated fund:F-2
                stage GRANTED DONE
                  #21 SubsidyGranted subsidy:S-2
                stage PAID DONE
                  #25 SubsidyPaid subsidy:S-2
                missing APPROPRIATED
                related region 320826 allocated-to
                """);
    }

    @Test
    void persons() {
        assertThat(traced(TraceKind.PERSON, ZHANG)).isEqualTo("""
                subject person ZHANG
                completeness BROKEN
                stage subsidy:S-1 DONE
                  #15 SubsidyGranted subsidy:S-1
                  #19 SubsidyPaid subsidy:S-1
                stage subsidy:S-2 BROKEN
                  #21 SubsidyGranted subsidy:S-2
                  #23 SubsidyReversed subsidy:S-2
                  #25 SubsidyPaid subsidy:S-2
                stage appliance:R-1 DONE
                  #16 ApplianceCollected appliance:R-1
                  #18 ApplianceHandedOver appliance:R-1
                  #20 ApplianceDismantled appliance:R-1
                stage appliance:R-2 DONE
                  #22 ApplianceCollected appliance:R-2
                  #24 ApplianceDismantled appliance:R-2
                stage reverse-invoice:INV-1 DONE
                  #27 ReverseInvoiceIssued reverse-invoice:INV-1
                  #34 ReverseInvoiceVoided reverse-invoice:INV-1
                stage vehicle:VIN_SCRAPPED DONE
                  #26 VehicleScrapped vehicle:VIN_SCRAPPED
                  #31 VehicleDeregistered vehicle:VIN_SCRAPPED
                  #33 VehicleDismantled vehicle:VIN_SCRAPPED
                stage subsidy:S-V1 DONE
                  #29 SubsidyGranted subsidy:S-V1
                  #32 SubsidyPaid subsidy:S-V1
                stage subsidy:S-E1 BROKEN
                  #35 SubsidyGranted subsidy:S-E1
                stage subsidy:S-R BROKEN
                  #39 SubsidyGranted subsidy:S-R
                missing subsidy:S-2: FUND_ALLOCATED: no allocation of fund F-2 to region 320812 on or before the grant
                missing subsidy:S-E1: PAID: not within 30 days of the grant (deadline 2024-10-14)
                missing subsidy:S-R: PAID: not within 30 days of the grant (deadline 2024-10-17)
                related subsidy S-1 beneficiary-of
                related subsidy S-2 beneficiary-of
                related appliance R-1 owner-of
                related appliance R-2 owner-of
                related invoice INV-1 seller-on
                related vehicle VIN_SCRAPPED owner-of
                related subsidy S-V1 beneficiary-of
                related subsidy S-E1 beneficiary-of
                related subsidy S-R beneficiary-of
                related fund F-CTI-2024 fund
                related enterprise DEALER merchant
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related enterprise DISMANTLER dismantler
                related subsidy S-3 same-old-item
                related fund F-2 fund
                related enterprise DISMANTLER collector
                related subsidy S-3 subsidy
                related enterprise RECYCLER issuer
                related enterprise RECYCLER recycler
                related enterprise RECYCLER dismantler
                related subsidy S-3 item-subsidy
                related ebike EB-1 old-item
                related subsidy S-E2 same-old-item
                related vehicle VIN_REPLACED old-item
                """);
        assertThat(traced(TraceKind.PERSON, LI)).isEqualTo("""
                subject person LI
                completeness BROKEN
                stage subsidy:S-3 BROKEN
                  #17 SubsidyGranted subsidy:S-3
                stage vehicle:VIN_UNQUALIFIED BROKEN
                  #28 VehicleScrapped vehicle:VIN_UNQUALIFIED
                stage subsidy:S-V2 BROKEN
                  #30 SubsidyGranted subsidy:S-V2
                stage subsidy:S-E2 BROKEN
                  #36 SubsidyGranted subsidy:S-E2
                stage subsidy:S-W DONE
                  #40 SubsidyGranted subsidy:S-W
                  #41 SubsidyReversed subsidy:S-W
                stage appliance:R-9 BROKEN
                  #42 ApplianceCollected appliance:R-9
                  #43 ApplianceHandedOver appliance:R-9
                  #44 ApplianceDismantled appliance:R-9
                stage reverse-invoice:INV-2 BROKEN
                  #45 ReverseInvoiceIssued reverse-invoice:INV-2
                missing subsidy:S-3: PAID: not within 30 days of the grant (deadline 2024-10-03)
                missing vehicle:VIN_UNQUALIFIED: SCRAPPED_BY_QUALIFIED_RECYCLER: recycler UNQUALIFIED held no VEHICLE_RECYCLING valid on 2024-09-11; DEREGISTERED: not within 30 days of scrapping (deadline 2024-10-11); DISMANTLED: not within 30 days of scrapping (deadline 2024-10-11)
                missing subsidy:S-V2: PAID: not within 30 days of the grant (deadline 2024-10-13); SCRAPPED_BY_QUALIFIED_RECYCLER: recycler UNQUALIFIED held no VEHICLE_RECYCLING valid on 2024-09-11; DEREGISTERED: not within 30 days of scrapping (deadline 2024-10-11); DISMANTLED: not within 30 days of scrapping (deadline 2024-10-11)
                missing subsidy:S-E2: PAID: not within 30 days of the grant (deadline 2024-10-15)
                missing appliance:R-9: DISMANTLED_BY_QUALIFIED: not by a WEEE_PROCESSING holder within 30 days of collection (deadline 2024-10-20): dismantler UNQUALIFIED held no WEEE_PROCESSING valid on 2024-09-22
                missing reverse-invoice:INV-2: ISSUED: issuer DEALER held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING valid on 2024-09-25
                related subsidy S-3 beneficiary-of
                related vehicle VIN_UNQUALIFIED owner-of
                related subsidy S-V2 beneficiary-of
                related subsidy S-E2 beneficiary-of
                related subsidy S-W beneficiary-of
                related appliance R-9 owner-of
                related invoice INV-2 seller-on
                related fund F-CTI-2024 fund
                related enterprise DEALER merchant
                related appliance R-1 old-item
                related person ZHANG owner
                related enterprise COLLECTOR collector
                related enterprise DISMANTLER receiver
                related enterprise DISMANTLER dismantler
                related subsidy S-1 same-old-item
                related invoice INV-1 reverse-invoice
                related enterprise UNQUALIFIED recycler
                related ebike EB-1 old-item
                related subsidy S-E1 same-old-item
                related appliance R-W old-item
                related enterprise UNQUALIFIED receiver
                related enterprise UNQUALIFIED dismantler
                related subsidy S-9 subsidy
                related enterprise DEALER issuer
                related vehicle VIN_NEVER_RECORDED item
                related appliance R-404 item
                """);
    }
}
