package cn.huanxin.ledger.core.equipment;

import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.equipmentRenewed;

/** An equipment renewal is recorded once; the stream has no other event. */
class EquipmentAggregateTest {

    private static final String RENEWAL_ID = "EQ-2024-320800-0042";

    private FixtureConfiguration<EquipmentAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EquipmentAggregate.class);
    }

    @Test
    void recordsRenewalOnNewStream() {
        EquipmentRenewed renewed = equipmentRenewed(RENEWAL_ID);

        fixture.givenNoPriorActivity()
               .when(new RecordEquipmentRenewedCommand(renewed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(renewed)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondRenewalWithSameId() {
        fixture.given(equipmentRenewed(RENEWAL_ID))
               .when(new RecordEquipmentRenewedCommand(equipmentRenewed(RENEWAL_ID)))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream equipment:" + RENEWAL_ID + " already exists");
    }
}
