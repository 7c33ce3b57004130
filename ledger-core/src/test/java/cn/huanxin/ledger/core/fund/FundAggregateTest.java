package cn.huanxin.ledger.core.fund;

import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.fundAllocated;
import static cn.huanxin.ledger.core.Facts.fundAppropriated;
import static cn.huanxin.ledger.core.Facts.fundOpened;
import static cn.huanxin.ledger.core.Facts.fundReclaimed;

/**
 * The fund stream is opened once; appropriations, allocations and reclaims are recorded whatever
 * their amounts, since an allocation beyond the pool is for the supervision rules to judge.
 */
class FundAggregateTest {

    private static final String FUND_ID = "F-2024-HA-TRADEIN";

    private FixtureConfiguration<FundAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(FundAggregate.class);
    }

    @Test
    void opensFundOnNewStream() {
        FundOpened opened = fundOpened(FUND_ID);

        fixture.givenNoPriorActivity()
               .when(new RecordFundOpenedCommand(opened))
               .expectSuccessfulHandlerExecution()
               .expectEvents(opened)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondOpeningOfSameFund() {
        fixture.given(fundOpened(FUND_ID))
               .when(new RecordFundOpenedCommand(fundOpened(FUND_ID)))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream fund:" + FUND_ID + " already exists");
    }

    @Test
    void recordsAppropriationToOpenFund() {
        FundAppropriated appropriated = fundAppropriated(FUND_ID);

        fixture.given(fundOpened(FUND_ID))
               .when(new RecordFundAppropriatedCommand(appropriated))
               .expectSuccessfulHandlerExecution()
               .expectEvents(appropriated)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesAppropriationToUnknownFund() {
        fixture.givenNoPriorActivity()
               .when(new RecordFundAppropriatedCommand(fundAppropriated(FUND_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void recordsAllocationToRegion() {
        FundAllocated allocated = fundAllocated(FUND_ID);

        fixture.given(fundOpened(FUND_ID), fundAppropriated(FUND_ID))
               .when(new RecordFundAllocatedCommand(allocated))
               .expectSuccessfulHandlerExecution()
               .expectEvents(allocated)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsAllocationBeyondAppropriatedMoney() {
        FundAllocated allocated = fundAllocated(FUND_ID, "250000000.00");

        fixture.given(fundOpened(FUND_ID), fundAppropriated(FUND_ID, "120000000.00"))
               .when(new RecordFundAllocatedCommand(allocated))
               .expectSuccessfulHandlerExecution()
               .expectEvents(allocated)
               .expectResultMessagePayload(2L);
    }

    @Test
    void refusesAllocationFromUnknownFund() {
        fixture.givenNoPriorActivity()
               .when(new RecordFundAllocatedCommand(fundAllocated(FUND_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void recordsReclaimFromRegion() {
        FundReclaimed reclaimed = fundReclaimed(FUND_ID);

        fixture.given(fundOpened(FUND_ID), fundAppropriated(FUND_ID), fundAllocated(FUND_ID))
               .when(new RecordFundReclaimedCommand(reclaimed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(reclaimed)
               .expectResultMessagePayload(3L);
    }

    @Test
    void recordsReclaimLargerThanAllocation() {
        FundReclaimed reclaimed = fundReclaimed(FUND_ID, "20000000.00");

        fixture.given(fundOpened(FUND_ID), fundAllocated(FUND_ID, "18000000.00"))
               .when(new RecordFundReclaimedCommand(reclaimed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(reclaimed)
               .expectResultMessagePayload(2L);
    }

    @Test
    void refusesReclaimFromUnknownFund() {
        fixture.givenNoPriorActivity()
               .when(new RecordFundReclaimedCommand(fundReclaimed(FUND_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
