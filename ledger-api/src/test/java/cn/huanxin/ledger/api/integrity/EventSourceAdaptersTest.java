package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.config.AxonConfiguration;
import cn.huanxin.ledger.api.e2e.TestDatabases;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealSettings;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.seal.SealVerifier;
import cn.huanxin.ledger.projections.source.AxonEventSource;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.JdbcEventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways of reading stored events agree: the JDBC fast path and the adapter on Axon's
 * {@code EventStore} API (the one Axon Server needs), over the same stored rows, give the same events
 * byte for byte, the same leaves and roots when each seals them, and the same verdicts when each
 * verifies — a clean store and a tampered one; on H2 and on a real PostgreSQL.
 */
class EventSourceAdaptersTest {

    /** Positions with gaps, as rolled-back appends leave them. */
    private static final long[] POSITIONS = LongStream.rangeClosed(1, 2_600)
            .filter(position -> position % 97 != 0).toArray();

    private final List<EmbeddedEventStore> stores = new ArrayList<>();
    private final KeyPair pair = Ed25519Keys.generate();
    private final SigningKey key = SigningKey.of(pair.getPrivate(), pair.getPublic());
    private final Clock clock = Clock.fixed(Instant.parse("2024-09-01T02:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void shutDown() {
        stores.forEach(EmbeddedEventStore::shutDown);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void bothAdaptersReadTheSameStoredBytes(Database database) {
        Store store = store(database);
        List<StoredEvent> viaJdbc = readAll(store.jdbcSource());
        List<StoredEvent> viaAxon = readAll(store.axonSource());

        assertThat(viaJdbc).hasSize(POSITIONS.length);
        assertThat(viaAxon).hasSize(POSITIONS.length);
        for (int i = 0; i < viaJdbc.size(); i++) {
            assertSame(viaAxon.get(i), viaJdbc.get(i));
        }
        assertThat(store.axonSource().head()).isEqualTo(store.jdbcSource().head()).isEqualTo(2_600);
        List<StoredEvent> jdbcPage = store.jdbcSource().page(500, 2_600, 250);
        List<StoredEvent> axonPage = store.axonSource().page(500, 2_600, 250);
        assertThat(axonPage).hasSameSizeAs(jdbcPage).hasSize(250);
        for (int i = 0; i < jdbcPage.size(); i++) {
            assertSame(axonPage.get(i), jdbcPage.get(i));
        }
        List<Long> wanted = List.of(2_500L, 3L, 1_000L, 194L);
        List<StoredEvent> jdbcAt = store.jdbcSource().atPositions(wanted);
        List<StoredEvent> axonAt = store.axonSource().atPositions(wanted);
        assertThat(jdbcAt).extracting(StoredEvent::position).containsExactly(3L, 1_000L, 2_500L);
        assertThat(axonAt).extracting(StoredEvent::position).containsExactly(3L, 1_000L, 2_500L);
        assertThat(store.axonSource().exists("fund:F-5")).isTrue();
        assertThat(store.axonSource().exists("fund:F-97")).isFalse();
        assertThat(store.jdbcSource().exists("fund:F-97")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void sealedThroughEitherAdapterTheLeavesAndRootsAreTheSame(Database database) {
        Store viaJdbc = store(database);
        Store viaAxon = store(database);
        seal(viaJdbc, viaJdbc.jdbcSource());
        seal(viaAxon, viaAxon.axonSource());

        String leaves = "SELECT leaf_index, position, leaf_hash, ledger_event_id FROM seal_leaf ORDER BY leaf_index";
        List<Map<String, Object>> jdbcLeaves = viaJdbc.jdbc().queryForList(leaves);
        List<Map<String, Object>> axonLeaves = viaAxon.jdbc().queryForList(leaves);
        assertThat(jdbcLeaves).hasSize(POSITIONS.length);
        assertThat(axonLeaves).hasSize(POSITIONS.length);
        for (int i = 0; i < jdbcLeaves.size(); i++) {
            assertThat(axonLeaves.get(i).get("POSITION")).isEqualTo(jdbcLeaves.get(i).get("POSITION"));
            assertThat(axonLeaves.get(i).get("LEDGER_EVENT_ID")).isEqualTo(jdbcLeaves.get(i).get("LEDGER_EVENT_ID"));
            assertThat((byte[]) axonLeaves.get(i).get("LEAF_HASH")).isEqualTo(jdbcLeaves.get(i).get("LEAF_HASH"));
        }
        String roots = "SELECT tree_size, root_hash FROM seal_checkpoint ORDER BY tree_size";
        List<Map<String, Object>> jdbcRoots = viaJdbc.jdbc().queryForList(roots);
        assertThat(jdbcRoots).hasSize(POSITIONS.length / 100);
        List<Map<String, Object>> axonRoots = viaAxon.jdbc().queryForList(roots);
        assertThat(axonRoots).hasSameSizeAs(jdbcRoots);
        for (int i = 0; i < jdbcRoots.size(); i++) {
            assertThat((byte[]) axonRoots.get(i).get("ROOT_HASH")).isEqualTo(jdbcRoots.get(i).get("ROOT_HASH"));
        }
        assertThat(new Seal(viaAxon.jdbc(), viaAxon.axonSource(), key, settings(), clock).root(POSITIONS.length))
                .isEqualTo(new Seal(viaJdbc.jdbc(), viaJdbc.jdbcSource(), key, settings(), clock)
                        .root(POSITIONS.length));

        // The Axon path places events by id through the seal's leaves, as the JDBC path does by SQL.
        Set<String> ids = Set.of(eventId(3), eventId(2_500));
        assertThat(viaAxon.axonSource().positionsOf(ids)).isEqualTo(viaJdbc.jdbcSource().positionsOf(ids))
                .isEqualTo(Map.of(eventId(3), 3L, eventId(2_500), 2_500L));
        assertThat(viaAxon.axonSource().stream("fund:F-7", 10)).singleElement()
                .satisfies(event -> assertSame(event, viaJdbc.jdbcSource().stream("fund:F-7", 10).get(0)));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void bothAdaptersGiveTheSameVerdicts(Database database) {
        Store store = store(database);
        seal(store, store.jdbcSource());
        SealVerifier.Result jdbcClean = verifier(store, store.jdbcSource()).verify(checked -> { });
        SealVerifier.Result axonClean = verifier(store, store.axonSource()).verify(checked -> { });
        assertThat(jdbcClean.valid()).isTrue();
        assertThat(axonClean.valid()).isTrue();
        assertThat(axonClean.checked()).isEqualTo(jdbcClean.checked()).isEqualTo(POSITIONS.length);
        assertThat(axonClean.checkpointsChecked()).isEqualTo(jdbcClean.checkpointsChecked());

        store.jdbc().execute("DROP TRIGGER domain_event_entry_append_only"
                + (database == Database.POSTGRESQL ? " ON domain_event_entry" : ""));
        store.jdbc().update("UPDATE domain_event_entry SET payload = ? WHERE global_index = 1234",
                "{\"fundId\":\"F-1234\",\"name\":\"资金\",\"year\":2025}".getBytes(StandardCharsets.UTF_8));
        SealVerifier.Result jdbcTampered = verifier(store, store.jdbcSource()).verify(checked -> { });
        SealVerifier.Result axonTampered = verifier(store, store.axonSource()).verify(checked -> { });
        assertThat(jdbcTampered.valid()).isFalse();
        assertThat(axonTampered.valid()).isFalse();
        assertThat(axonTampered.firstMismatch()).isEqualTo(jdbcTampered.firstMismatch());
        assertThat(jdbcTampered.firstMismatch().position()).isEqualTo(1234);
    }

    private static void assertSame(StoredEvent actual, StoredEvent expected) {
        assertThat(actual.position()).isEqualTo(expected.position());
        assertThat(actual.ledgerEventId()).isEqualTo(expected.ledgerEventId());
        assertThat(actual.streamId()).isEqualTo(expected.streamId());
        assertThat(actual.sequence()).isEqualTo(expected.sequence());
        assertThat(actual.payloadType()).isEqualTo(expected.payloadType());
        assertThat(actual.revision()).isEqualTo(expected.revision());
        assertThat(actual.payload()).isEqualTo(expected.payload());
        assertThat(Arrays.equals(actual.leafHash(), expected.leafHash())).isTrue();
    }

    private static List<StoredEvent> readAll(EventSource source) {
        List<StoredEvent> events = new ArrayList<>();
        source.read(EventSource.BEFORE_FIRST, source.head(), 300, events::addAll);
        return events;
    }

    private void seal(Store store, EventSource source) {
        Seal seal = new Seal(store.jdbc(), source, key, settings(), clock);
        for (int from = 0; from < POSITIONS.length; from += 700) {
            seal.append(Arrays.stream(POSITIONS, from, Math.min(POSITIONS.length, from + 700)).boxed().toList());
        }
    }

    private SealVerifier verifier(Store store, EventSource source) {
        return new SealVerifier(store.jdbc(), source, key.publicKey());
    }

    private static SealSettings settings() {
        return new SealSettings(100, Duration.ofHours(1));
    }

    /**
     * A fresh database with the ledger's schema and the same stored rows, read both ways: H2, or a
     * real PostgreSQL, where the JDBC path reads through a server-side cursor in binary rows.
     */
    private Store store(Database database) {
        DataSource dataSource;
        if (database == Database.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:sources-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            dataSource = h2;
        } else {
            String name = "sources_" + UUID.randomUUID().toString().replace("-", "");
            new JdbcTemplate(postgres().getPostgresDatabase()).execute("CREATE DATABASE " + name);
            dataSource = postgres().getDatabase("postgres", name);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + database.migrations,
                        "classpath:db/migration/common")
                .load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Object[]> rows = new ArrayList<>();
        for (long position : POSITIONS) {
            rows.add(new Object[]{position, eventId(position), "fund:F-" + position, 0,
                    "Fund", "2024-09-01T02:00:00Z", "cn.huanxin.ledger.core.fund.FundOpened", "1",
                    ("{\"fundId\":\"F-" + position + "\",\"name\":\"资金 " + position + "\",\"year\":2024}")
                            .getBytes(StandardCharsets.UTF_8),
                    ("{\"occurredAt\":\"2024-09-01T02:00:00Z\",\"recordedAt\":\"2024-09-01T02:00:0" + (position % 10)
                            + ".5Z\",\"source\":\"test\",\"eventId\":\"E-" + position + "\",\"principal\":\"test\"}")
                            .getBytes(StandardCharsets.UTF_8)});
        }
        jdbc.batchUpdate("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?)", rows);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                .storageEngine(JdbcEventStorageEngine.builder()
                        .connectionProvider(dataSource::getConnection)
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .schema(new AxonConfiguration().eventSchema())
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        .build())
                .build();
        stores.add(eventStore);
        SealStore sealStore = new SealStore(jdbc);
        EventSource axon = new AxonEventSource(eventStore, serializer,
                position -> GapAwareTrackingToken.newInstance(position, List.of()), sealStore::positionsOf);
        return new Store(jdbc, new JdbcEventSource(jdbc), axon);
    }

    private static String eventId(long position) {
        return "00000000-0000-4000-8000-" + String.format("%012d", position);
    }

    private record Store(JdbcTemplate jdbc, EventSource jdbcSource, EventSource axonSource) {
    }

    enum Database {
        H2("h2"), POSTGRESQL("postgresql");

        final String migrations;

        Database(String migrations) {
            this.migrations = migrations;
        }
    }

    /** One PostgreSQL for the class, started on first use; each test gets a database of its own. */
    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    private static EmbeddedPostgres postgres() {
        return POSTGRES.get();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.stop();
    }
}
