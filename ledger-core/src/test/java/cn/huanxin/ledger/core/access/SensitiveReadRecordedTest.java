package cn.huanxin.ledger.core.access;

import cn.huanxin.ledger.core.common.LedgerJson;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensitiveReadRecordedTest {

    private static final String ACCESS = "6a1f8d0c-5b2e-4c3d-9e8f-7a6b5c4d3e2f";
    private static final SensitiveReadRecorded READ = new SensitiveReadRecorded(ACCESS, "discipline", "DISCIPLINE",
            "GET /api/v1/trace/{kind}/{ref}", "person", "3f1e…".replace("…", "0".repeat(60)));

    private FixtureConfiguration<SensitiveReadAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SensitiveReadAggregate.class);
    }

    @Test
    void aReadOpensItsOwnStream() {
        fixture.givenNoPriorActivity()
                .when(new RecordSensitiveReadCommand(READ))
                .expectEvents(READ)
                .expectResultMessagePayload(0L);
        assertThat(READ.streamId().toString()).isEqualTo("access:" + ACCESS);
    }

    @Test
    void aCommandCannotFileAReadUnderAnotherStream() {
        SensitiveReadRecorded other = new SensitiveReadRecorded("another", "auditor", "AUDITOR",
                "GET /api/v1/history/{streamId}", "stream", "subsidy:S-1");
        assertThatThrownBy(() -> new RecordSensitiveReadCommand(other.streamId(), READ))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsThroughTheStoredJsonForm() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(LedgerJson.newObjectMapper()).build();
        SerializedObject<String> stored = serializer.serialize(READ, String.class);
        assertThat(stored.getData()).doesNotContain("streamId");
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat((SensitiveReadRecorded) serializer.deserialize(stored)).isEqualTo(READ);
    }
}
