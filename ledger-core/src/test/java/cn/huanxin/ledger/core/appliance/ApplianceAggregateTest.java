package cn.huanxin.ledger.core.appliance;

import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.applianceCollected;
import static cn.huanxin.ledger.core.Facts.applianceDismantled;
import static cn.huanxin.ledger.core.Facts.applianceHandedOver;

/** The appliance stream is created by the collection of the old appliance and then only appended to. */
class ApplianceAggregateTest {

    private static final String RETURN_ID = "R-320812-000731";

    private FixtureConfiguration<ApplianceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApplianceAggregate.class);
    }

    @Test
    void collectsApplianceOnNewStream() {
        ApplianceCollected collected = applianceCollected(RETURN_ID);

        fixture.givenNoPriorActivity()
               .when(new RecordApplianceCollectedCommand(collected))
               .expectSuccessfulHandlerExecution()
               .expectEvents(collected)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondCollectionOfSameAppliance() {
        fixture.given(applianceCollected(RETURN_ID))
               .when(new RecordApplianceCollectedCommand(applianceCollected(RETURN_ID)))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream appliance:" + RETURN_ID + " already exists");
    }

    @Test
    void recordsHandOverOfCollectedAppliance() {
        ApplianceHandedOver handedOver = applianceHandedOver(RETURN_ID);

        fixture.given(applianceCollected(RETURN_ID))
               .when(new RecordApplianceHandedOverCommand(handedOver))
               .expectSuccessfulHandlerExecution()
               .expectEvents(handedOver)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesHandOverOfUnknownAppliance() {
        fixture.givenNoPriorActivity()
               .when(new RecordApplianceHandedOverCommand(applianceHandedOver(RETURN_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void recordsDismantlingOfHandedOverAppliance() {
        ApplianceDismantled dismantled = applianceDismantled(RETURN_ID);

        fixture.given(applianceCollected(RETURN_ID), applianceHandedOver(RETURN_ID))
               .when(new RecordApplianceDismantledCommand(dismantled))
               .expectSuccessfulHandlerExecution()
               .expectEvents(dismantled)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsSecondDismantlingOfSameAppliance() {
        ApplianceDismantled dismantled = applianceDismantled(RETURN_ID);

        fixture.given(applianceCollected(RETURN_ID), dismantled)
               .when(new RecordApplianceDismantledCommand(dismantled))
               .expectSuccessfulHandlerExecution()
               .expectEvents(dismantled)
               .expectResultMessagePayload(2L);
    }

    @Test
    void refusesDismantlingOfUnknownAppliance() {
        fixture.givenNoPriorActivity()
               .when(new RecordApplianceDismantledCommand(applianceDismantled(RETURN_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
