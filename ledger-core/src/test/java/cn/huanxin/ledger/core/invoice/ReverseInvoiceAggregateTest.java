package cn.huanxin.ledger.core.invoice;

import cn.huanxin.ledger.core.common.AlreadyVoidedException;
import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.reverseInvoiceIssued;
import static cn.huanxin.ledger.core.Facts.reverseInvoiceVoided;

/** A reverse invoice is issued once and voided at most once; a second void would contradict the first. */
class ReverseInvoiceAggregateTest {

    private static final String INVOICE_NO = "24322000000087654321";

    private FixtureConfiguration<ReverseInvoiceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReverseInvoiceAggregate.class);
    }

    @Test
    void issuesInvoiceOnNewStream() {
        ReverseInvoiceIssued issued = reverseInvoiceIssued(INVOICE_NO);

        fixture.givenNoPriorActivity()
               .when(new RecordReverseInvoiceIssuedCommand(issued))
               .expectSuccessfulHandlerExecution()
               .expectEvents(issued)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondIssueOfSameInvoice() {
        fixture.given(reverseInvoiceIssued(INVOICE_NO))
               .when(new RecordReverseInvoiceIssuedCommand(reverseInvoiceIssued(INVOICE_NO)))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream reverse-invoice:" + INVOICE_NO + " already exists");
    }

    @Test
    void refusesReissueOfVoidedInvoice() {
        fixture.given(reverseInvoiceIssued(INVOICE_NO), reverseInvoiceVoided(INVOICE_NO))
               .when(new RecordReverseInvoiceIssuedCommand(reverseInvoiceIssued(INVOICE_NO)))
               .expectNoEvents()
               .expectException(StreamExistsException.class);
    }

    @Test
    void voidsIssuedInvoiceOnce() {
        ReverseInvoiceVoided voided = reverseInvoiceVoided(INVOICE_NO);

        fixture.given(reverseInvoiceIssued(INVOICE_NO))
               .when(new RecordReverseInvoiceVoidedCommand(voided))
               .expectSuccessfulHandlerExecution()
               .expectEvents(voided)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesSecondVoidOfSameInvoice() {
        fixture.given(reverseInvoiceIssued(INVOICE_NO), reverseInvoiceVoided(INVOICE_NO))
               .when(new RecordReverseInvoiceVoidedCommand(reverseInvoiceVoided(INVOICE_NO)))
               .expectNoEvents()
               .expectException(AlreadyVoidedException.class)
               .expectExceptionMessage("reverse invoice reverse-invoice:" + INVOICE_NO + " is already voided");
    }

    @Test
    void refusesVoidOfUnknownInvoice() {
        fixture.givenNoPriorActivity()
               .when(new RecordReverseInvoiceVoidedCommand(reverseInvoiceVoided(INVOICE_NO)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
