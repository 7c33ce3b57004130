package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.subsidyGranted;
import static cn.huanxin.ledger.core.Facts.subsidyPaid;
import static cn.huanxin.ledger.core.Facts.subsidyReversed;

/**
 * The subsidy stream refuses only what would corrupt the ledger; over-payment, double payment and a
 * reversal larger than the grant are breaches for the fraud rules and must be recorded.
 */
class SubsidyAggregateTest {

    private static final String SUBSIDY_ID = "S-320812-000001";
    private static final String FUND_ID = "F-2024-HA-TRADEIN";

    private FixtureConfiguration<SubsidyAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SubsidyAggregate.class);
    }

    @Test
    void grantsSubsidyOnNewStream() {
        SubsidyGranted granted = subsidyGranted(SUBSIDY_ID, FUND_ID);

        fixture.givenNoPriorActivity()
               .when(new RecordSubsidyGrantedCommand(granted))
               .expectSuccessfulHandlerExecution()
               .expectEvents(granted)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondGrantForSameSubsidy() {
        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID))
               .when(new RecordSubsidyGrantedCommand(subsidyGranted(SUBSIDY_ID, FUND_ID, "500.00")))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream subsidy:" + SUBSIDY_ID + " already exists");
    }

    @Test
    void recordsPaymentOfGrantedSubsidy() {
        SubsidyPaid paid = subsidyPaid(SUBSIDY_ID);

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID))
               .when(new RecordSubsidyPaidCommand(paid))
               .expectSuccessfulHandlerExecution()
               .expectEvents(paid)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesPaymentForUnknownSubsidy() {
        fixture.givenNoPriorActivity()
               .when(new RecordSubsidyPaidCommand(subsidyPaid(SUBSIDY_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void recordsOverPayment() {
        SubsidyPaid overPayment = subsidyPaid(SUBSIDY_ID, "PAY-20240906-0002", "1500.00");

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID, "999.80"), subsidyPaid(SUBSIDY_ID, "PAY-20240905-0001", "999.80"))
               .when(new RecordSubsidyPaidCommand(overPayment))
               .expectSuccessfulHandlerExecution()
               .expectEvents(overPayment)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsSinglePaymentLargerThanGrant() {
        SubsidyPaid paid = subsidyPaid(SUBSIDY_ID, "PAY-20240905-0001", "9998.00");

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID, "999.80"))
               .when(new RecordSubsidyPaidCommand(paid))
               .expectSuccessfulHandlerExecution()
               .expectEvents(paid)
               .expectResultMessagePayload(1L);
    }

    @Test
    void recordsRepeatedPaymentWithSamePaymentId() {
        SubsidyPaid paid = subsidyPaid(SUBSIDY_ID);

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID), paid)
               .when(new RecordSubsidyPaidCommand(paid))
               .expectSuccessfulHandlerExecution()
               .expectEvents(paid)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsReversalOfPaidSubsidy() {
        SubsidyReversed reversed = subsidyReversed(SUBSIDY_ID);

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID), subsidyPaid(SUBSIDY_ID))
               .when(new RecordSubsidyReversedCommand(reversed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(reversed)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsReversalLargerThanGrant() {
        SubsidyReversed reversed = subsidyReversed(SUBSIDY_ID, "5000.00");

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID, "999.80"), subsidyPaid(SUBSIDY_ID))
               .when(new RecordSubsidyReversedCommand(reversed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(reversed)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsReversalOfUnpaidSubsidy() {
        SubsidyReversed reversed = subsidyReversed(SUBSIDY_ID);

        fixture.given(subsidyGranted(SUBSIDY_ID, FUND_ID))
               .when(new RecordSubsidyReversedCommand(reversed))
               .expectSuccessfulHandlerExecution()
               .expectEvents(reversed)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesReversalForUnknownSubsidy() {
        fixture.givenNoPriorActivity()
               .when(new RecordSubsidyReversedCommand(subsidyReversed(SUBSIDY_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
