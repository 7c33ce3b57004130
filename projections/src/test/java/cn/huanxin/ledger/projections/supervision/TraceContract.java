package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.enterprise.EnterpriseRole;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.huanxin.ledger.projections.supervision.Sample.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full-chain trace, fed event by event and asked as the API would ask: each chain's stages, its
 * completeness on and after each deadline, qualifications on the day, and bitemporal reads. Run on
 * H2 and on PostgreSQL by the subclasses.
 */
abstract class TraceContract {

    static final String FUND = "F-CTI-2024";
    static final String DEALER = enterprise(1);
    static final String COLLECTOR = enterprise(2);
    static final String DISMANTLER = enterprise(3);
    static final String RECYCLER = enterprise(4);
    static final String UNQUALIFIED = enterprise(5);
    static final String ZHANG = person("张三");
    static final String LI = person("李四");

    SupervisionFixture fixture;

    abstract JdbcTemplate database();

    TraceDeadlines deadlines() {
        return TraceDeadlines.DEFAULTS;
    }

    @BeforeEach
    void world() {
        fixture = new SupervisionFixture(database(), TargetCatalog.EMPTY, deadlines());
        fixture.feed(registered(DEALER, EnterpriseRole.DEALER), "2024-01-05");
        fixture.feed(qualified(DEALER, Qualification.DEALER_FILING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(COLLECTOR, EnterpriseRole.RECYCLER), "2024-01-05");
        fixture.feed(qualified(COLLECTOR, Qualification.RECYCLING_FILING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(DISMANTLER, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(DISMANTLER, Qualification.WEEE_PROCESSING, "2024-01-01", null), "2024-01-05");
        fixture.feed(registered(RECYCLER, EnterpriseRole.VEHICLE_RECYCLER), "2024-01-05");
        fixture.feed(qualified(RECYCLER, Qualification.VEHICLE_RECYCLING, "2024-01-01", "2026-12-31"), "2024-01-05");
        fixture.feed(registered(UNQUALIFIED, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(fundOpened(FUND), "2024-01-10");
        fixture.feed(appropriated(FUND, "AP-1", "50000000.00"), "2024-01-20");
        fixture.feed(allocated(FUND, "AL-1", REGION, "10000000.00"), "2024-02-01");
    }

    // ---- scenarios ----

    /** An appliance subsidy granted on 1 September 2024 whose old refrigerator went all the way. */
    void completeApplianceSubsidy(String subsidyId, String returnId, String personRef) {
        fixture.feed(applianceGrant(subsidyId, FUND, personRef, DEALER, returnId, "1000.00"), "2024-09-01");
        fixture.feed(collected(returnId, personRef, COLLECTOR, "2024-09-03", subsidyId), "2024-09-03");
        fixture.feed(handedOver(returnId, DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(paid(subsidyId, "P-" + subsidyId, "1000.00", "2024-09-20"), "2024-09-20");
        fixture.feed(applianceDismantled(returnId, DISMANTLER, "2024-09-25"), "2024-09-25");
    }

    /** A scrap subsidy for a car scrapped on 10 September 2024 by a qualified recycler. */
    void scrappedCar(String vin, String recyclerId, String ownerRef) {
        fixture.feed(scrapped(vin, "CERT-" + vin, recyclerId, ownerRef, "2024-09-10"), "2024-09-10");
    }

    static Map<String, StageStatus> statuses(TraceView view) {
        Map<String, StageStatus> statuses = new LinkedHashMap<>();
        view.stages().forEach(stage -> statuses.put(stage.stage(), stage.status()));
        return statuses;
    }

    static Stage stage(TraceView view, String name) {
        return view.stages().stream().filter(stage -> stage.stage().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in " + statuses(view)));
    }

    // ---- appliance subsidy ----

    @Test
    void applianceSubsidyWhoseOldItemWasDismantledByAQualifiedHolderIsComplete() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(view.subject()).isEqualTo(new Subject("subsidy", "S-1"));
        assertThat(statuses(view)).containsExactly(
                Map.entry("FUND_ALLOCATED", StageStatus.DONE), Map.entry("GRANTED", StageStatus.DONE),
                Map.entry("PAID", StageStatus.DONE), Map.entry("OLD_ITEM_COLLECTED", StageStatus.DONE),
                Map.entry("HANDED_OVER", StageStatus.DONE), Map.entry("DISMANTLED_BY_QUALIFIED", StageStatus.DONE));
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.missing()).isEmpty();
        assertThat(stage(view, "OLD_ITEM_COLLECTED").events()).singleElement().satisfies(event -> {
            assertThat(event.streamId()).isEqualTo("appliance:R-1");
            assertThat(event.type()).isEqualTo("ApplianceCollected");
            assertThat(event.occurredAt()).isEqualTo(at("2024-09-03"));
            assertThat(event.recordedAt()).isEqualTo(at("2024-09-03").plus(SupervisionFixture.RECORDING_DELAY));
        });
        assertThat(stage(view, "FUND_ALLOCATED").events()).extracting(TraceEvent::type).containsExactly("FundAllocated");
        assertThat(view.related()).contains(
                new Related("fund", FUND, "fund"), new Related("person", ZHANG, "beneficiary"),
                new Related("enterprise", DEALER, "merchant"), new Related("appliance", "R-1", "old-item"),
                new Related("enterprise", COLLECTOR, "collector"), new Related("enterprise", DISMANTLER, "receiver"),
                new Related("enterprise", DISMANTLER, "dismantler"));
    }

    @Test
    void applianceSubsidyAwaitingItsStagesIsInProgress() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.tick("2024-09-02", "12:00");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(view.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(view.missing()).containsExactly("PAID", "OLD_ITEM_COLLECTED", "HANDED_OVER", "DISMANTLED_BY_QUALIFIED");
        assertThat(stage(view, "PAID").status()).isEqualTo(StageStatus.PENDING);
    }

    @Test
    void oldItemNotCollectedBreaksTheChainTheDayAfterTheCollectionDeadlineAndNotOnIt() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-02"), "2024-09-02");

        fixture.tick("2024-09-08", "23:59");
        TraceView onDeadline = fixture.traced(TraceKind.SUBSIDY, "S-1");
        fixture.tick("2024-09-09", "00:00");
        TraceView dayAfter = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(onDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(onDeadline.missing()).contains("OLD_ITEM_COLLECTED");
        assertThat(dayAfter.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(stage(dayAfter, "OLD_ITEM_COLLECTED").status()).isEqualTo(StageStatus.MISSING);
        assertThat(dayAfter.missing())
                .contains("OLD_ITEM_COLLECTED: not within 7 days of the grant (deadline 2024-09-08)");
    }

    @Test
    void paymentDeadlineCountsAsiaShanghaiCalendarDaysFromTheGrant() {
        // 00:30 in Shanghai is still 31 August in UTC: the deadline is 1 October, not 30 September.
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), at("2024-09-01", "00:30"),
                at("2024-09-01", "00:31"));
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");

        fixture.tick("2024-10-01", "23:59:59");
        TraceView onDeadline = fixture.traced(TraceKind.SUBSIDY, "S-1");
        fixture.tick("2024-10-02", "00:00");
        TraceView dayAfter = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(onDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(onDeadline.missing()).containsExactly("PAID");
        assertThat(dayAfter.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(dayAfter.missing()).containsExactly("PAID: not within 30 days of the grant (deadline 2024-10-01)");
    }

    @Test
    void aLatePaymentIsShownLateAndStillCompletesTheChain() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-10-05"), "2024-10-05");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(stage(view, "PAID").status()).isEqualTo(StageStatus.LATE);
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void collectedApplianceNotDismantledBreaksTheChainTheDayAfterTheDismantlingDeadline() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-20"), "2024-09-20");

        fixture.tick("2024-10-03", "23:00");
        TraceView onDeadline = fixture.traced(TraceKind.SUBSIDY, "S-1");
        fixture.tick("2024-10-04", "08:00");
        TraceView dayAfter = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(onDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(onDeadline.missing()).containsExactly("DISMANTLED_BY_QUALIFIED");
        assertThat(dayAfter.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(dayAfter.missing()).containsExactly(
                "DISMANTLED_BY_QUALIFIED: not by a WEEE_PROCESSING holder within 30 days of collection (deadline 2024-10-03)");
    }

    @Test
    void dismantlingByAnEnterpriseWithoutWeeeProcessingDoesNotSatisfyTheStage() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(handedOver("R-1", UNQUALIFIED, "2024-09-05"), "2024-09-05");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-20"), "2024-09-20");
        fixture.feed(applianceDismantled("R-1", UNQUALIFIED, "2024-09-25"), "2024-09-25");

        TraceView beforeDeadline = fixture.traced(TraceKind.SUBSIDY, "S-1");
        fixture.tick("2024-10-04", "08:00");
        TraceView afterDeadline = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(stage(beforeDeadline, "DISMANTLED_BY_QUALIFIED").status()).isEqualTo(StageStatus.UNQUALIFIED);
        assertThat(stage(beforeDeadline, "DISMANTLED_BY_QUALIFIED").events()).hasSize(1);
        assertThat(beforeDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(beforeDeadline.missing()).containsExactly("DISMANTLED_BY_QUALIFIED");
        assertThat(afterDeadline.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(afterDeadline.missing()).singleElement().asString()
                .startsWith("DISMANTLED_BY_QUALIFIED: not by a WEEE_PROCESSING holder within 30 days of collection (deadline 2024-10-03)")
                .endsWith("dismantler " + UNQUALIFIED + " held no WEEE_PROCESSING valid on 2024-09-25");
    }

    @ParameterizedTest(name = "revoked on {0}: {1}")
    @CsvSource({"2024-09-20, UNQUALIFIED", "2024-09-25, UNQUALIFIED", "2024-09-26, DONE"})
    void aQualificationRevokedOnOrBeforeTheDismantlingDayIsNotHeldThen(String revokedOn, StageStatus expected) {
        String dismantler = enterprise(6);
        fixture.feed(registered(dismantler, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, "2024-01-01", null), "2024-01-05");
        fixture.feed(revoked(dismantler, Qualification.WEEE_PROCESSING, revokedOn), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(applianceDismantled("R-1", dismantler, "2024-09-25"), "2024-09-25");

        assertThat(stage(fixture.traced(TraceKind.APPLIANCE, "R-1"), "DISMANTLED_BY_QUALIFIED").status())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "valid {0} to {1}: {2}")
    @CsvSource({"2024-01-01, 2024-09-24, UNQUALIFIED", "2024-01-01, 2024-09-25, DONE",
            "2024-09-26, 2025-12-31, UNQUALIFIED", "2024-09-25, , DONE"})
    void aQualificationCountsOnlyOnTheDaysItIsValid(String validFrom, String validTo, StageStatus expected) {
        String dismantler = enterprise(6);
        fixture.feed(registered(dismantler, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, validFrom, validTo), "2024-01-05");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(applianceDismantled("R-1", dismantler, "2024-09-25"), "2024-09-25");

        assertThat(stage(fixture.traced(TraceKind.APPLIANCE, "R-1"), "DISMANTLED_BY_QUALIFIED").status())
                .isEqualTo(expected);
    }

    @Test
    void aQualificationGrantedAgainAfterARevocationIsHeld() {
        String dismantler = enterprise(6);
        fixture.feed(registered(dismantler, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, "2024-01-01", null), "2024-01-05");
        fixture.feed(revoked(dismantler, Qualification.WEEE_PROCESSING, "2024-05-01"), "2024-05-01");
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, "2024-08-01", null), "2024-08-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(applianceDismantled("R-1", dismantler, "2024-09-25"), "2024-09-25");

        assertThat(stage(fixture.traced(TraceKind.APPLIANCE, "R-1"), "DISMANTLED_BY_QUALIFIED").status())
                .isEqualTo(StageStatus.DONE);
    }

    @Test
    void anotherQualificationDoesNotStandInForWeeeProcessing() {
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(applianceDismantled("R-1", RECYCLER, "2024-09-25"), "2024-09-25");

        assertThat(stage(fixture.traced(TraceKind.APPLIANCE, "R-1"), "DISMANTLED_BY_QUALIFIED").status())
                .isEqualTo(StageStatus.UNQUALIFIED);
    }

    @Test
    void aCollectorThatDismantlesTheApplianceItselfNeedsNoHandOver() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, DISMANTLER, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(paid("S-1", "P-1", "1000.00", "2024-09-20"), "2024-09-20");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");
        fixture.tick("2024-12-01", "10:00");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(stage(view, "HANDED_OVER").status()).isEqualTo(StageStatus.NOT_APPLICABLE);
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void aGrantFromAFundWithoutAnAllocationToItsRegionOnOrBeforeTheGrantIsBroken() {
        fixture.feed(fundOpened("F-2"), "2024-01-10");
        fixture.feed(allocated("F-2", "AL-OTHER", OTHER_REGION, "100000.00"), "2024-02-01");
        completeApplianceSubsidy("S-1", "R-1", ZHANG);
        fixture.feed(applianceGrant("S-2", "F-2", LI, DEALER, "R-2", "1000.00"), "2024-09-01");
        fixture.feed(allocated("F-2", "AL-LATE", REGION, "100000.00"), "2024-09-02");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-2");

        assertThat(stage(view, "FUND_ALLOCATED").status()).isEqualTo(StageStatus.MISSING);
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).contains(
                "FUND_ALLOCATED: no allocation of fund F-2 to region " + REGION + " on or before the grant");
    }

    @Test
    void aSubsidyReversedInFullOwesNothingMore() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(reversed("S-1", "RV-1", "600.00"), "2024-09-04");
        fixture.feed(reversed("S-1", "RV-2", "400.00"), "2024-09-05");
        fixture.tick("2024-12-01", "10:00");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(statuses(view)).containsExactly(
                Map.entry("FUND_ALLOCATED", StageStatus.DONE), Map.entry("GRANTED", StageStatus.DONE),
                Map.entry("PAID", StageStatus.NOT_APPLICABLE), Map.entry("OLD_ITEM_COLLECTED", StageStatus.NOT_APPLICABLE),
                Map.entry("HANDED_OVER", StageStatus.NOT_APPLICABLE),
                Map.entry("DISMANTLED_BY_QUALIFIED", StageStatus.NOT_APPLICABLE), Map.entry("REVERSED", StageStatus.INFO));
        assertThat(stage(view, "REVERSED").events()).hasSize(2);
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void aSubsidyReversedInPartStillOwesItsStages() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(reversed("S-1", "RV-1", "999.99"), "2024-09-04");
        fixture.tick("2024-12-01", "10:00");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(stage(view, "PAID").status()).isEqualTo(StageStatus.MISSING);
    }

    @Test
    void aSubsidyShowsTheOtherSubsidiesOfItsBeneficiaryAndOfItsOldItem() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);
        fixture.feed(applianceGrant("S-2", FUND, ZHANG, DEALER, "R-2", "800.00"), "2024-09-02");
        fixture.feed(applianceGrant("S-3", FUND, LI, DEALER, "R-1", "800.00"), "2024-09-03");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(view.related()).contains(new Related("subsidy", "S-2", "same-beneficiary"),
                new Related("subsidy", "S-3", "same-old-item"));
        assertThat(view.related()).doesNotContain(new Related("subsidy", "S-1", "same-beneficiary"));
    }

    // ---- vehicle subsidy and vehicle ----

    @Test
    void vehicleSubsidyWhoseCarWasScrappedDeregisteredAndDismantledIsComplete() {
        String vin = vin(1);
        scrappedCar(vin, RECYCLER, ZHANG);
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, vin), "2024-09-12");
        fixture.feed(deregistered(vin, "2024-09-20"), "2024-09-20");
        fixture.feed(paid("S-V1", "P-V1", "20000.00", "2024-09-30"), "2024-09-30");
        fixture.feed(vehicleDismantled(vin, RECYCLER, "2024-10-01"), "2024-10-01");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-V1");

        assertThat(statuses(view)).containsExactly(
                Map.entry("FUND_ALLOCATED", StageStatus.DONE), Map.entry("GRANTED", StageStatus.DONE),
                Map.entry("PAID", StageStatus.DONE), Map.entry("SCRAPPED_BY_QUALIFIED_RECYCLER", StageStatus.DONE),
                Map.entry("DEREGISTERED", StageStatus.DONE), Map.entry("DISMANTLED", StageStatus.DONE));
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.related()).contains(new Related("vehicle", vin, "old-item"),
                new Related("enterprise", RECYCLER, "recycler"), new Related("person", ZHANG, "owner"));
    }

    @Test
    void scrappedVehicleNotDismantledBreaksTheChainTheDayAfterTheClosureDeadline() {
        String vin = vin(1);
        scrappedCar(vin, RECYCLER, ZHANG);
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, vin), "2024-09-12");
        fixture.feed(deregistered(vin, "2024-09-20"), "2024-09-20");
        fixture.feed(paid("S-V1", "P-V1", "20000.00", "2024-09-30"), "2024-09-30");

        fixture.tick("2024-10-10", "20:00");
        TraceView subsidyOnDeadline = fixture.traced(TraceKind.SUBSIDY, "S-V1");
        TraceView vehicleOnDeadline = fixture.traced(TraceKind.VEHICLE, vin);
        fixture.tick("2024-10-11", "09:00");
        TraceView subsidyDayAfter = fixture.traced(TraceKind.SUBSIDY, "S-V1");
        TraceView vehicleDayAfter = fixture.traced(TraceKind.VEHICLE, vin);

        String reason = "DISMANTLED: not within 30 days of scrapping (deadline 2024-10-10)";
        assertThat(subsidyOnDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(vehicleOnDeadline.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(vehicleOnDeadline.missing()).containsExactly("DISMANTLED");
        assertThat(subsidyDayAfter.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(subsidyDayAfter.missing()).containsExactly(reason);
        assertThat(vehicleDayAfter.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(vehicleDayAfter.missing()).containsExactly(reason);
    }

    @Test
    void aCarScrappedByARecyclerWithoutVehicleRecyclingBreaksTheChainAtOnce() {
        String vin = vin(1);
        scrappedCar(vin, UNQUALIFIED, ZHANG);
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, vin), "2024-09-12");

        TraceView view = fixture.traced(TraceKind.SUBSIDY, "S-V1");

        assertThat(stage(view, "SCRAPPED_BY_QUALIFIED_RECYCLER").status()).isEqualTo(StageStatus.UNQUALIFIED);
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).contains("SCRAPPED_BY_QUALIFIED_RECYCLER: recycler " + UNQUALIFIED
                + " held no VEHICLE_RECYCLING valid on 2024-09-10");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"expired the day before, 2024-01-01, 2024-09-09, ",
            "revoked the day before, 2024-01-01, , 2024-09-09",
            "revoked on the day, 2024-01-01, , 2024-09-10"})
    void aRecyclerWhoseQualificationLapsedBeforeTheScrapDayIsNotQualified(String why, String validFrom, String validTo,
                                                                          String revokedOn) {
        String recycler = enterprise(7);
        fixture.feed(registered(recycler, EnterpriseRole.VEHICLE_RECYCLER), "2024-01-05");
        fixture.feed(qualified(recycler, Qualification.VEHICLE_RECYCLING, validFrom, validTo), "2024-01-05");
        if (revokedOn != null) {
            fixture.feed(revoked(recycler, Qualification.VEHICLE_RECYCLING, revokedOn), "2024-09-01");
        }
        String vin = vin(2);
        scrappedCar(vin, recycler, ZHANG);

        TraceView view = fixture.traced(TraceKind.VEHICLE, vin);

        assertThat(stage(view, "SCRAPPED_BY_QUALIFIED_RECYCLER").status()).isEqualTo(StageStatus.UNQUALIFIED);
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
    }

    @Test
    void aVehicleTraceShowsItsChainAndTheSubsidiesAndInvoicesBehindIt() {
        String vin = vin(1);
        scrappedCar(vin, RECYCLER, ZHANG);
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, vin), "2024-09-12");
        fixture.feed(deregistered(vin, "2024-09-20"), "2024-09-20");
        fixture.feed(vehicleDismantled(vin, RECYCLER, "2024-10-01"), "2024-10-01");
        fixture.feed(invoice("INV-1", RECYCLER, ZHANG, "2024-09-10", List.of(vin)), "2024-09-10");

        TraceView view = fixture.traced(TraceKind.VEHICLE, vin);

        assertThat(statuses(view)).containsExactly(Map.entry("SCRAPPED_BY_QUALIFIED_RECYCLER", StageStatus.DONE),
                Map.entry("DEREGISTERED", StageStatus.DONE), Map.entry("DISMANTLED", StageStatus.DONE));
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.related()).contains(new Related("subsidy", "S-V1", "subsidy"),
                new Related("invoice", "INV-1", "reverse-invoice"), new Related("person", ZHANG, "owner"),
                new Related("enterprise", RECYCLER, "recycler"), new Related("enterprise", RECYCLER, "dismantler"));
    }

    @Test
    void aVinScrappedTwiceIsSatisfiedByTheQualifiedCertificateAndClosedFromTheFirst() {
        String vin = vin(1);
        scrappedCar(vin, UNQUALIFIED, ZHANG);
        fixture.feed(scrapped(vin, "CERT-2", RECYCLER, ZHANG, "2024-09-15"), "2024-09-15");
        fixture.feed(deregistered(vin, "2024-10-12"), "2024-10-12");
        fixture.feed(vehicleDismantled(vin, RECYCLER, "2024-10-01"), "2024-10-01");

        TraceView view = fixture.traced(TraceKind.VEHICLE, vin);

        assertThat(stage(view, "SCRAPPED_BY_QUALIFIED_RECYCLER").status()).isEqualTo(StageStatus.DONE);
        assertThat(stage(view, "SCRAPPED_BY_QUALIFIED_RECYCLER").events()).hasSize(2);
        assertThat(stage(view, "DEREGISTERED").status()).isEqualTo(StageStatus.LATE);
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    // ---- appliance ----

    @Test
    void anApplianceTraceJudgesItsCollectionByTheGrantBehindIt() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.tick("2024-09-09", "00:00");

        TraceView view = fixture.traced(TraceKind.APPLIANCE, "R-1");

        assertThat(view.subject()).isEqualTo(new Subject("appliance", "R-1"));
        assertThat(statuses(view).keySet()).containsExactly("COLLECTED", "HANDED_OVER", "DISMANTLED_BY_QUALIFIED");
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).contains("COLLECTED: not within 7 days of the grant (deadline 2024-09-08)");
        assertThat(view.related()).contains(new Related("subsidy", "S-1", "subsidy"));
    }

    @Test
    void anApplianceCollectedWithoutASubsidyHasNoCollectionDeadline() {
        fixture.feed(collected("R-9", LI, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(handedOver("R-9", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-9", DISMANTLER, "2024-09-06"), "2024-09-06");

        TraceView view = fixture.traced(TraceKind.APPLIANCE, "R-9");

        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.related()).contains(new Related("person", LI, "owner"),
                new Related("enterprise", COLLECTOR, "collector"));
    }

    // ---- reverse invoice ----

    @Test
    void aReverseInvoiceShowsWhereEachItemItNamesWent() {
        String vin = vin(1);
        scrappedCar(vin, RECYCLER, ZHANG);
        fixture.feed(deregistered(vin, "2024-09-20"), "2024-09-20");
        fixture.feed(vehicleDismantled(vin, RECYCLER, "2024-10-01"), "2024-10-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");
        fixture.feed(invoice("INV-1", COLLECTOR, ZHANG, "2024-09-10", List.of("R-1", vin)), "2024-09-10");
        fixture.feed(voided("INV-1", "2024-10-02"), "2024-10-02");

        TraceView view = fixture.traced(TraceKind.INVOICE, "INV-1");

        assertThat(statuses(view)).containsExactly(
                Map.entry("ISSUED", StageStatus.DONE),
                Map.entry("vehicle:" + vin + "/SCRAPPED_BY_QUALIFIED_RECYCLER", StageStatus.DONE),
                Map.entry("vehicle:" + vin + "/DEREGISTERED", StageStatus.DONE),
                Map.entry("vehicle:" + vin + "/DISMANTLED", StageStatus.DONE),
                Map.entry("appliance:R-1/COLLECTED", StageStatus.DONE),
                Map.entry("appliance:R-1/HANDED_OVER", StageStatus.DONE),
                Map.entry("appliance:R-1/DISMANTLED_BY_QUALIFIED", StageStatus.DONE),
                Map.entry("VOIDED", StageStatus.INFO));
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.related()).contains(new Related("enterprise", COLLECTOR, "issuer"),
                new Related("person", ZHANG, "seller"), new Related("vehicle", vin, "item"),
                new Related("appliance", "R-1", "item"));
    }

    @Test
    void aReverseInvoiceFromAnIssuerWithoutAnyRecyclingQualificationIsBroken() {
        fixture.feed(invoice("INV-2", DEALER, ZHANG, "2024-09-10", List.of()), "2024-09-10");

        TraceView view = fixture.traced(TraceKind.INVOICE, "INV-2");

        assertThat(statuses(view)).containsExactly(Map.entry("ISSUED", StageStatus.UNQUALIFIED));
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).containsExactly("ISSUED: issuer " + DEALER
                + " held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING valid on 2024-09-10");
    }

    @Test
    void aReverseInvoiceItemNeverRecordedIsAwaited() {
        fixture.feed(invoice("INV-3", COLLECTOR, ZHANG, "2024-09-10", List.of("R-404")), "2024-09-10");
        fixture.tick("2025-06-01", "10:00");

        TraceView view = fixture.traced(TraceKind.INVOICE, "INV-3");

        assertThat(view.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(view.missing()).containsExactly("appliance:R-404/COLLECTED", "appliance:R-404/HANDED_OVER",
                "appliance:R-404/DISMANTLED_BY_QUALIFIED");
    }

    // ---- enterprise and fund ----

    @Test
    void anEnterpriseTraceShowsItsQualificationsAndWhatItTookPartIn() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);

        TraceView view = fixture.traced(TraceKind.ENTERPRISE, DISMANTLER);

        assertThat(statuses(view)).containsExactly(Map.entry("REGISTERED", StageStatus.DONE),
                Map.entry("QUALIFIED", StageStatus.DONE));
        assertThat(view.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(view.related()).contains(new Related("qualification", "WEEE_PROCESSING", "holds"),
                new Related("appliance", "R-1", "receiver"), new Related("appliance", "R-1", "dismantler"));
        assertThat(fixture.traced(TraceKind.ENTERPRISE, DEALER).related())
                .contains(new Related("subsidy", "S-1", "merchant"));
    }

    @Test
    void anEnterpriseWhoseQualificationsAllLapsedIsShownUnqualified() {
        fixture.feed(revoked(DISMANTLER, Qualification.WEEE_PROCESSING, "2024-06-01"), "2024-06-01");

        TraceView view = fixture.traced(TraceKind.ENTERPRISE, DISMANTLER);

        assertThat(stage(view, "QUALIFIED").status()).isEqualTo(StageStatus.UNQUALIFIED);
        assertThat(stage(view, "QUALIFIED").events()).hasSize(2);
        assertThat(view.completeness()).isEqualTo(Completeness.IN_PROGRESS);
    }

    @Test
    void aFundTraceFollowsTheMoneyFromOpeningToPayment() {
        TraceView before = fixture.traced(TraceKind.FUND, FUND);
        completeApplianceSubsidy("S-1", "R-1", ZHANG);
        TraceView after = fixture.traced(TraceKind.FUND, FUND);

        assertThat(before.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(before.missing()).containsExactly("GRANTED", "PAID");
        assertThat(statuses(after)).containsExactly(Map.entry("OPENED", StageStatus.DONE),
                Map.entry("APPROPRIATED", StageStatus.DONE), Map.entry("ALLOCATED", StageStatus.DONE),
                Map.entry("GRANTED", StageStatus.DONE), Map.entry("PAID", StageStatus.DONE));
        assertThat(after.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(stage(after, "PAID").events()).extracting(TraceEvent::streamId).containsExactly("subsidy:S-1");
        assertThat(after.related()).contains(new Related("region", REGION, "allocated-to"));
    }

    // ---- person ----

    @Test
    void aPersonTraceSummarisesEveryChainThePersonIsPartyTo() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);
        String vin = vin(1);
        scrappedCar(vin, UNQUALIFIED, ZHANG);
        fixture.feed(vehicleGrant("S-V1", FUND, ZHANG, DEALER, vin), "2024-09-12");
        fixture.feed(invoice("INV-1", COLLECTOR, ZHANG, "2024-09-10", List.of()), "2024-09-10");
        completeApplianceSubsidy("S-LI", "R-LI", LI);

        TraceView view = fixture.traced(TraceKind.PERSON, ZHANG);

        assertThat(view.subject()).isEqualTo(new Subject("person", ZHANG));
        assertThat(statuses(view)).containsExactly(
                Map.entry("subsidy:S-1", StageStatus.DONE), Map.entry("appliance:R-1", StageStatus.DONE),
                Map.entry("reverse-invoice:INV-1", StageStatus.DONE), Map.entry("vehicle:" + vin, StageStatus.BROKEN),
                Map.entry("subsidy:S-V1", StageStatus.BROKEN));
        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).contains("subsidy:S-V1: SCRAPPED_BY_QUALIFIED_RECYCLER: recycler " + UNQUALIFIED
                + " held no VEHICLE_RECYCLING valid on 2024-09-10");
        assertThat(stage(view, "subsidy:S-1").events()).extracting(TraceEvent::streamId).containsOnly("subsidy:S-1");
        assertThat(view.related()).contains(new Related("subsidy", "S-1", "beneficiary-of"),
                new Related("subsidy", "S-V1", "beneficiary-of"), new Related("vehicle", vin, "owner-of"),
                new Related("invoice", "INV-1", "seller-on"), new Related("enterprise", DEALER, "merchant"),
                new Related("fund", FUND, "fund"));
        assertThat(view.related()).noneMatch(related -> related.ref().equals(LI) || related.ref().equals("S-LI"));
    }

    // ---- what there is not ----

    @Test
    void subjectsWithoutEventsHaveNoTrace() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);

        assertThat(fixture.trace(TraceKind.SUBSIDY, "S-404")).isEmpty();
        assertThat(fixture.trace(TraceKind.VEHICLE, vin(404))).isEmpty();
        assertThat(fixture.trace(TraceKind.APPLIANCE, "R-404")).isEmpty();
        assertThat(fixture.trace(TraceKind.INVOICE, "INV-404")).isEmpty();
        assertThat(fixture.trace(TraceKind.ENTERPRISE, enterprise(404))).isEmpty();
        assertThat(fixture.trace(TraceKind.FUND, "F-404")).isEmpty();
        assertThat(fixture.trace(TraceKind.PERSON, person("nobody"))).isEmpty();
    }

    // ---- bitemporal ----

    @Test
    void asOfShowsTheChainAsItStoodAtTheEndOfThatDay() {
        completeApplianceSubsidy("S-1", "R-1", ZHANG);

        TraceView onTheTenth = fixture.traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(day("2024-09-10"), null));

        assertThat(statuses(onTheTenth)).containsEntry("OLD_ITEM_COLLECTED", StageStatus.DONE)
                .containsEntry("HANDED_OVER", StageStatus.DONE).containsEntry("PAID", StageStatus.PENDING)
                .containsEntry("DISMANTLED_BY_QUALIFIED", StageStatus.PENDING);
        assertThat(onTheTenth.completeness()).isEqualTo(Completeness.IN_PROGRESS);
        assertThat(fixture.trace(TraceKind.SUBSIDY, "S-1", new Bitemporal(day("2024-08-31"), null))).isEmpty();
        assertThat(fixture.traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(day("2024-09-25"), null)).completeness())
                .isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void knownAtJudgesQualificationsAsTheyWereKnownThen() {
        String dismantler = enterprise(8);
        fixture.feed(registered(dismantler, EnterpriseRole.DISMANTLER), "2024-01-05");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", null), "2024-09-03");
        fixture.feed(handedOver("R-1", dismantler, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", dismantler, "2024-09-25"), "2024-09-25");
        // The licence dates from January but reached the ledger only in October.
        fixture.feed(qualified(dismantler, Qualification.WEEE_PROCESSING, "2024-01-01", null), at("2024-10-01"),
                at("2024-10-01", "10:01"));

        TraceView before = fixture.traced(TraceKind.APPLIANCE, "R-1", new Bitemporal(null, at("2024-09-30")));
        TraceView now = fixture.traced(TraceKind.APPLIANCE, "R-1");

        assertThat(stage(before, "DISMANTLED_BY_QUALIFIED").status()).isEqualTo(StageStatus.UNQUALIFIED);
        assertThat(stage(now, "DISMANTLED_BY_QUALIFIED").status()).isEqualTo(StageStatus.DONE);
        assertThat(now.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void knownAtLeavesOutEventsRecordedLater() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        // Collected on the 3rd, uploaded on the 20th.
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), at("2024-09-03"), at("2024-09-20"));

        TraceView known = fixture.traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(null, at("2024-09-19")));

        assertThat(stage(known, "OLD_ITEM_COLLECTED").status()).isEqualTo(StageStatus.PENDING);
        assertThat(stage(fixture.traced(TraceKind.SUBSIDY, "S-1"), "OLD_ITEM_COLLECTED").status())
                .isEqualTo(StageStatus.DONE);
        assertThat(fixture.trace(TraceKind.SUBSIDY, "S-1", new Bitemporal(null, at("2024-09-01", "09:00")))).isEmpty();
    }

    @Test
    void nowIsTheLatestBusinessTimeWithinTheFilterNotTheLatestOverall() {
        fixture.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        fixture.feed(collected("R-1", ZHANG, COLLECTOR, "2024-09-03", "S-1"), "2024-09-03");
        fixture.feed(handedOver("R-1", DISMANTLER, "2024-09-05"), "2024-09-05");
        fixture.feed(applianceDismantled("R-1", DISMANTLER, "2024-09-25"), "2024-09-25");
        fixture.tick("2024-10-15", "10:00");

        assertThat(fixture.traced(TraceKind.SUBSIDY, "S-1").completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(fixture.traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(day("2024-09-30"), null)).completeness())
                .isEqualTo(Completeness.IN_PROGRESS);
        assertThat(fixture.traced(TraceKind.SUBSIDY, "S-1", new Bitemporal(null, at("2024-10-14"))).completeness())
                .isEqualTo(Completeness.IN_PROGRESS);
    }

    @Test
    void deadlinesComeFromConfiguration() {
        SupervisionFixture strict = new SupervisionFixture(database(), TargetCatalog.EMPTY,
                new TraceDeadlines(3, 30, 30, 10));
        strict.feed(fundOpened(FUND), "2024-01-10");
        strict.feed(allocated(FUND, "AL-1", REGION, "10000000.00"), "2024-02-01");
        strict.feed(applianceGrant("S-1", FUND, ZHANG, DEALER, "R-1", "1000.00"), "2024-09-01");
        strict.tick("2024-09-05", "00:00");

        TraceView view = strict.traced(TraceKind.SUBSIDY, "S-1");

        assertThat(view.completeness()).isEqualTo(Completeness.BROKEN);
        assertThat(view.missing()).contains("PAID",
                "OLD_ITEM_COLLECTED: not within 3 days of the grant (deadline 2024-09-04)");
        strict.tick("2024-09-12", "00:00");
        assertThat(strict.traced(TraceKind.SUBSIDY, "S-1").missing())
                .contains("PAID: not within 10 days of the grant (deadline 2024-09-11)");
    }
}
