package cn.huanxin.ledger.api.config;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's engine reads every tracked event exactly as Axon's own engine does — the same tracking
 * tokens, gaps included, and the same timestamps — while reading each timestamp once.
 */
class SnapshotlessJdbcEventStorageEngineTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private JdbcTemplate jdbc;

    @BeforeEach
    void store() throws Exception {
        dataSource.setURL("jdbc:h2:mem:engine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/h2/V1__event_store.sql"));
        }
        jdbc = new JdbcTemplate(dataSource);
    }

    private void event(long globalIndex, String stream, long sequence, String timestamp) {
        jdbc.update("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                        + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                        + "VALUES (?, ?, ?, ?, 'Stream', ?, 'java.lang.String', NULL, ?, ?)", globalIndex,
                UUID.randomUUID().toString(), stream, sequence, timestamp,
                "\"x\"".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    private JdbcEventStorageEngine.Builder builder() {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(new AxonConfiguration().eventSchema())
                .batchSize(3);
    }

    /** Axon's engine with Axon's defaults for gaps, and the ledger's with the settings it is built with. */
    private JdbcEventStorageEngine axon() {
        return JdbcEventStorageEngine.builder().snapshotSerializer(JacksonSerializer.defaultSerializer())
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE).schema(new AxonConfiguration().eventSchema())
                .batchSize(3).build();
    }

    private SnapshotlessJdbcEventStorageEngine ledger() {
        return new SnapshotlessJdbcEventStorageEngine(builder()
                .gapTimeout(SnapshotlessJdbcEventStorageEngine.GAP_TIMEOUT_MILLIS)
                .maxGapOffset(SnapshotlessJdbcEventStorageEngine.MAX_GAP_OFFSET)
                .lowestGlobalSequence(SnapshotlessJdbcEventStorageEngine.LOWEST_GLOBAL_SEQUENCE));
    }

    private static List<String> read(JdbcEventStorageEngine engine, TrackingToken after) {
        try (var events = engine.readEvents(after, false)) {
            return events.map(SnapshotlessJdbcEventStorageEngineTest::describe).collect(Collectors.toList());
        }
    }

    private static String describe(TrackedEventMessage<?> event) {
        return event.trackingToken() + " " + event.getIdentifier() + " " + event.getTimestamp();
    }

    @Test
    void tokensGapsAndTimestampsAreAxonsOwn() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String old = "2024-08-17T08:39:50.123Z";
        // Old events: their gaps (4, 7) can no longer fill and are not kept.
        event(1, "s-1", 0, old);
        event(2, "s-1", 1, "2024-08-17T08:39:51Z");
        event(3, "s-2", 0, "2024-08-17T08:39:52.5Z");
        event(5, "s-3", 0, old);
        event(6, "s-3", 1, "2024-08-17T16:39:53.123456789+08:00");
        event(8, "s-4", 0, old);
        // Recent events: their gaps (9, 10, 12) may still fill and are kept.
        event(11, "s-5", 0, DateTimeUtils.formatInstant(now.minusSeconds(5)));
        event(13, "s-5", 1, DateTimeUtils.formatInstant(now.minusSeconds(1)));
        event(14, "s-6", 0, OffsetDateTime.ofInstant(now, ZoneOffset.ofHours(8)).toString());
        event(20, "s-6", 1, DateTimeUtils.formatInstant(now));

        List<String> axon = read(axon(), null);
        assertThat(axon).hasSize(10);
        assertThat(read(ledger(), null)).isEqualTo(axon);
        assertThat(axon.get(9)).as("the last token keeps the recent gaps").contains("[9, 10, 12, 15, 16, 17, 18, 19]");
        assertThat(axon.get(1)).contains("2024-08-17T08:39:51Z");
        assertThat(axon.get(4)).contains("2024-08-17T08:39:53.123456789Z");

        for (int from = 0; from < 10; from++) {
            TrackingToken after = axon().readEvents(null, false).skip(from).findFirst().orElseThrow().trackingToken();
            assertThat(read(ledger(), after)).as("after event %d", from + 1).isEqualTo(read(axon(), after));
        }
    }

    @Test
    void aTimestampNeitherReaderTakesFailsAsAxonsDoes() {
        event(1, "s-1", 0, "17.08.2024 08:39");
        assertThatThrownBy(() -> read(axon(), null)).isInstanceOf(java.time.format.DateTimeParseException.class);
        assertThatThrownBy(() -> read(ledger(), null)).isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
