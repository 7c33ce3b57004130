package cn.huanxin.ledger.core.vehicle;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.VIN;
import static cn.huanxin.ledger.core.Facts.vehicleDeregistered;
import static cn.huanxin.ledger.core.Facts.vehicleDismantled;
import static cn.huanxin.ledger.core.Facts.vehicleScrapped;

/**
 * The vehicle stream is created by a scrap certificate. A second certificate for the same VIN is
 * evidence for the fraud rules (R05), so it is recorded rather than refused.
 */
class VehicleAggregateTest {

    private FixtureConfiguration<VehicleAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VehicleAggregate.class);
    }

    @Test
    void recordsScrapOnNewStream() {
        VehicleScrapped scrapped = vehicleScrapped(VIN);

        fixture.givenNoPriorActivity()
               .when(new RecordVehicleScrappedCommand(scrapped))
               .expectSuccessfulHandlerExecution()
               .expectEvents(scrapped)
               .expectResultMessagePayload(0L);
    }

    @Test
    void recordsSecondScrapCertificateForSameVin() {
        VehicleScrapped second = vehicleScrapped(VIN, "320800-2024-000902");

        fixture.given(vehicleScrapped(VIN, "320800-2024-000417"))
               .when(new RecordVehicleScrappedCommand(second))
               .expectSuccessfulHandlerExecution()
               .expectEvents(second)
               .expectResultMessagePayload(1L);
    }

    @Test
    void recordsScrapCertificateAfterDismantling() {
        VehicleScrapped again = vehicleScrapped(VIN, "320800-2024-001377");

        fixture.given(vehicleScrapped(VIN), vehicleDeregistered(VIN), vehicleDismantled(VIN))
               .when(new RecordVehicleScrappedCommand(again))
               .expectSuccessfulHandlerExecution()
               .expectEvents(again)
               .expectResultMessagePayload(3L);
    }

    @Test
    void recordsDeregistrationOfScrappedVehicle() {
        VehicleDeregistered deregistered = vehicleDeregistered(VIN);

        fixture.given(vehicleScrapped(VIN))
               .when(new RecordVehicleDeregisteredCommand(deregistered))
               .expectSuccessfulHandlerExecution()
               .expectEvents(deregistered)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesDeregistrationOfUnknownVehicle() {
        fixture.givenNoPriorActivity()
               .when(new RecordVehicleDeregisteredCommand(vehicleDeregistered(VIN)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void recordsDismantlingOfScrappedVehicle() {
        VehicleDismantled dismantled = vehicleDismantled(VIN);

        fixture.given(vehicleScrapped(VIN), vehicleDeregistered(VIN))
               .when(new RecordVehicleDismantledCommand(dismantled))
               .expectSuccessfulHandlerExecution()
               .expectEvents(dismantled)
               .expectResultMessagePayload(2L);
    }

    @Test
    void refusesDismantlingOfUnknownVehicle() {
        fixture.givenNoPriorActivity()
               .when(new RecordVehicleDismantledCommand(vehicleDismantled(VIN)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
