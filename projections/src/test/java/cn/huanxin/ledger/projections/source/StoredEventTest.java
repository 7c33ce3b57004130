package cn.huanxin.ledger.projections.source;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a stored event tells besides its canonical form. */
class StoredEventTest {

    /** The record time of a stored event, as the views' lag in seconds reads it. */
    @Test
    void recordedAtIsReadFromTheStoredMetadata() {
        assertThat(stored("{\"source\":\"platform\",\"recordedAt\":\"2024-09-01T02:15:00.5Z\","
                + "\"occurredAt\":\"2024-09-01T02:00:00Z\"}").recordedAt())
                .isEqualTo(Instant.parse("2024-09-01T02:15:00.500Z"));
        assertThatThrownBy(() -> stored("{\"occurredAt\":\"2024-09-01T02:00:00Z\"}").recordedAt())
                .isInstanceOf(StoredEvent.UnencodableEventException.class).hasMessageContaining("recordedAt");
    }

    private static StoredEvent stored(String metadata) {
        return new StoredEvent(7, "e-7", "fund:F-1", 0, "cn.huanxin.ledger.core.fund.FundOpened", "1",
                "{}".getBytes(StandardCharsets.UTF_8), metadata.getBytes(StandardCharsets.UTF_8));
    }
}
