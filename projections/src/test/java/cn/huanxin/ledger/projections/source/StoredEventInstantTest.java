package cn.huanxin.ledger.projections.source;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seal's fast reading of record and business times gives exactly what {@link Instant#parse} gives. */
class StoredEventInstantTest {

    @Test
    void theFastPathAgreesWithInstantParseOnRandomTimes() {
        Random random = new Random(20241203);
        for (int i = 0; i < 200_000; i++) {
            long seconds = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond()
                    + (long) (random.nextDouble() * (Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()
                    - Instant.parse("1000-01-01T00:00:00Z").getEpochSecond()));
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
            String text = instant.toString();
            int digits = random.nextInt(10);
            // vary the number of fraction digits: 0 (none) to 9
            String base = text.substring(0, 19);
            String nanos = String.format("%09d", instant.getNano());
            String variant = digits == 0 ? base + "Z" : base + "." + nanos.substring(0, digits) + "Z";
            assertThat(StoredEvent.utcInstant(variant)).as(variant).isEqualTo(Instant.parse(variant));
            assertThat(StoredEvent.utcInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    /** Text the fast path does not read is left to Instant.parse, whatever that makes of it. */
    @Test
    void anythingElseIsLeftToInstantParse() {
        for (String text : List.of("2024-02-30T00:00:00Z", "2023-02-29T12:00:00Z", "2024-09-01T24:00:00Z",
                "2024-09-01T23:59:60Z", "2024-09-01T23:60:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
                "2024-09-00T00:00:00Z", "2024-09-01T02:00:00.Z", "2024-09-01T02:00:00.1234567890Z",
                "2024-09-01t02:00:00Z", "2024-09-01T02:00:00z", "2024-09-01T02:00:00+08:00",
                "+12024-09-01T02:00:00Z", "2024-9-01T02:00:00Z", "2024-09-01T02:00Z", "２０２４-09-01T02:00:00Z",
                "2024-09-01 02:00:00Z", "")) {
            assertThat(StoredEvent.utcInstant(text)).as(text).isNull();
        }
        assertThat(StoredEvent.utcInstant("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
        assertThat(StoredEvent.utcInstant("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

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
