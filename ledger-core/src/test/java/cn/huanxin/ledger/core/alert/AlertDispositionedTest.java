package cn.huanxin.ledger.core.alert;

import cn.huanxin.ledger.core.common.LedgerJson;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertDispositionedTest {

    private static final String ALERT = "0f3c2a9b8d7e6f5a4b3c2d1e0f9a8b7c";

    private FixtureConfiguration<AlertAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AlertAggregate.class);
    }

    @Test
    void firstDispositionOpensTheAlertStream() {
        AlertDispositioned confirmed = new AlertDispositioned(ALERT, Disposition.CONFIRMED, "field check", "auditor");
        fixture.givenNoPriorActivity()
                .when(new RecordAlertDispositionedCommand(confirmed))
                .expectEvents(confirmed)
                .expectResultMessagePayload(0L);
    }

    @Test
    void anAlertMayBeReconsidered() {
        AlertDispositioned dismissed = new AlertDispositioned(ALERT, Disposition.DISMISSED, "looked fine", "auditor");
        AlertDispositioned escalated = new AlertDispositioned(ALERT, Disposition.ESCALATED, "new evidence", "discipline");
        fixture.given(dismissed)
                .when(new RecordAlertDispositionedCommand(escalated))
                .expectEvents(escalated)
                .expectResultMessagePayload(1L);
    }

    @Test
    void roundTripsThroughTheStoredJsonForm() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(LedgerJson.newObjectMapper()).build();
        AlertDispositioned fact = new AlertDispositioned(ALERT, Disposition.CONFIRMED, "两份补贴共用一张发票", "auditor");
        SerializedObject<String> stored = serializer.serialize(fact, String.class);
        assertThat(stored.getData()).doesNotContain("streamId");
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        AlertDispositioned read = serializer.deserialize(stored);
        assertThat(read).isEqualTo(fact);
        assertThat(read.streamId().toString()).isEqualTo("alert:" + ALERT);
        assertThat(AlertDispositioned.class.getAnnotation(Revision.class).value()).isEqualTo("1");
    }
}
