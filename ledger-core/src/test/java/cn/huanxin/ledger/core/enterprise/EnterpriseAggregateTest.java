package cn.huanxin.ledger.core.enterprise;

import cn.huanxin.ledger.core.common.StreamExistsException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.huanxin.ledger.core.Facts.RECYCLER_ID;
import static cn.huanxin.ledger.core.Facts.enterpriseRegistered;
import static cn.huanxin.ledger.core.Facts.qualificationGranted;
import static cn.huanxin.ledger.core.Facts.qualificationRevoked;

/**
 * The enterprise stream is registered once; qualifications are recorded as they come, even a
 * revocation of one never granted, which is for the supervision rules to notice.
 */
class EnterpriseAggregateTest {

    private FixtureConfiguration<EnterpriseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EnterpriseAggregate.class);
    }

    @Test
    void registersEnterpriseOnNewStream() {
        EnterpriseRegistered registered = enterpriseRegistered(RECYCLER_ID);

        fixture.givenNoPriorActivity()
               .when(new RecordEnterpriseRegisteredCommand(registered))
               .expectSuccessfulHandlerExecution()
               .expectEvents(registered)
               .expectResultMessagePayload(0L);
    }

    @Test
    void refusesSecondRegistrationOfSameEnterprise() {
        fixture.given(enterpriseRegistered(RECYCLER_ID))
               .when(new RecordEnterpriseRegisteredCommand(enterpriseRegistered(RECYCLER_ID)))
               .expectNoEvents()
               .expectException(StreamExistsException.class)
               .expectExceptionMessage("stream enterprise:" + RECYCLER_ID + " already exists");
    }

    @Test
    void grantsQualificationToRegisteredEnterprise() {
        QualificationGranted granted = qualificationGranted(RECYCLER_ID);

        fixture.given(enterpriseRegistered(RECYCLER_ID))
               .when(new RecordQualificationGrantedCommand(granted))
               .expectSuccessfulHandlerExecution()
               .expectEvents(granted)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesQualificationForUnknownEnterprise() {
        fixture.givenNoPriorActivity()
               .when(new RecordQualificationGrantedCommand(qualificationGranted(RECYCLER_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void revokesGrantedQualification() {
        QualificationRevoked revoked = qualificationRevoked(RECYCLER_ID);

        fixture.given(enterpriseRegistered(RECYCLER_ID), qualificationGranted(RECYCLER_ID))
               .when(new RecordQualificationRevokedCommand(revoked))
               .expectSuccessfulHandlerExecution()
               .expectEvents(revoked)
               .expectResultMessagePayload(2L);
    }

    @Test
    void recordsRevocationOfQualificationNeverGranted() {
        QualificationRevoked revoked = qualificationRevoked(RECYCLER_ID);

        fixture.given(enterpriseRegistered(RECYCLER_ID))
               .when(new RecordQualificationRevokedCommand(revoked))
               .expectSuccessfulHandlerExecution()
               .expectEvents(revoked)
               .expectResultMessagePayload(1L);
    }

    @Test
    void refusesRevocationForUnknownEnterprise() {
        fixture.givenNoPriorActivity()
               .when(new RecordQualificationRevokedCommand(qualificationRevoked(RECYCLER_ID)))
               .expectNoEvents()
               .expectException(AggregateNotFoundException.class);
    }
}
