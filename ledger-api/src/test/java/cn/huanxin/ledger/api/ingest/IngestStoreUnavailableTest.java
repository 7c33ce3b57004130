package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Role;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.fund.Scheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the database goes away in the middle of a request, what was committed before stays recorded
 * and everything after it is answered 503 at once: the chunk that met the outage is not retried and
 * no later chunk is tried, so the request does not wait for the pool's timeout once per chunk, and
 * the recorded events are a prefix of the request.
 */
class IngestStoreUnavailableTest {

    private static final LedgerClient PLATFORM = new LedgerClient("platform", Role.SOURCE, Set.of(), true, false);
    private static final int CHUNK_EVENTS = 2;

    private final EventTypeCatalog catalog = new EventTypeCatalog();
    private final FailingReceipts receipts = new FailingReceipts();
    private final DatabaseAvailability database = new DatabaseAvailability(new SimpleDriverDataSource());
    private IngestService ingest;

    @BeforeEach
    void start() {
        SimpleCommandBus commands = SimpleCommandBus.builder().build();
        commands.subscribe(RecordFundOpenedCommand.class.getName(), message -> 0L);
        LedgerProperties properties = new LedgerProperties(Path.of("."), new LedgerProperties.Pseudonym(null, false),
                Map.of(), new LedgerProperties.Ingest(1_048_576, 16_777_216, 1000, CHUNK_EVENTS, 300, 5));
        ingest = new IngestService(commands, NoTransactionManager.INSTANCE, receipts,
                Clock.fixed(Instant.parse("2024-09-01T02:00:00Z"), ZoneOffset.UTC), properties,
                new SimpleMeterRegistry(), database);
    }

    @AfterEach
    void stop() {
        database.stop();
    }

    @Test
    void theChunksAfterTheOutageAreAnswered503WithoutAnotherAttempt() {
        receipts.failFromCall = 2;
        receipts.failure = new UncategorizedSQLException("insert receipts", "INSERT …",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));

        List<ItemResult> results = ingest.record(PLATFORM, "request-1", envelopes(5));

        assertThat(results).extracting(ItemResult::status).containsExactly(201, 201, 503, 503, 503);
        assertThat(results.get(2).problem().getTitle()).isEqualTo("Store unavailable");
        assertThat(receipts.calls).as("the failed chunk is not retried, the last one is not tried").isEqualTo(2);
        assertThat(receipts.inserted).hasSize(2);
        assertThat(database.isDown()).isTrue();
    }

    @Test
    void aRecordedChunkEndsTheOutage() {
        database.failed(new SQLException("gone", "08006"));

        assertThat(ingest.record(PLATFORM, "request-1", envelopes(1))).extracting(ItemResult::status)
                .containsExactly(201);
        assertThat(database.isDown()).isFalse();
    }

    @Test
    void aDefectIsNotTakenForAnOutage() {
        receipts.failFromCall = 1;
        receipts.failure = new IllegalStateException("a defect");

        assertThatThrownBy(() -> ingest.record(PLATFORM, "request-1", envelopes(3))).hasMessage("a defect");
        assertThat(database.isDown()).isFalse();
    }

    @Test
    void aLostRaceIsStillRetried() {
        receipts.failFromCall = 1;
        receipts.failUntilCall = 1;
        receipts.failure = new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505"));

        assertThat(ingest.record(PLATFORM, "request-1", envelopes(2))).extracting(ItemResult::status)
                .containsExactly(201, 201);
        assertThat(receipts.calls).isEqualTo(2);
    }

    private List<Envelope> envelopes(int count) {
        EventTypeCatalog.EventType type = catalog.find("FundOpened").orElseThrow();
        return IntStream.rangeClosed(1, count).mapToObj(n -> new Envelope("E-" + n, type,
                Instant.parse("2024-09-01T01:00:00Z"), new FundOpened(FundId.of("HA-2024-CTI-CB-0" + n),
                "2024年淮安市消费品以旧换新超长期特别国债资金", 2024, Scheme.CONSUMER_TRADE_IN, FundSource.CENTRAL_BOND,
                RegionCode.of("320800"), "HCJ-2024-118"), "0".repeat(64))).toList();
    }

    /** No receipts and no streams yet; the chunk's first query fails from the given call on, as told. */
    private static final class FailingReceipts extends ReceiptRepository {

        int calls;
        int failFromCall = Integer.MAX_VALUE;
        int failUntilCall = Integer.MAX_VALUE;
        RuntimeException failure;
        final List<Receipt> inserted = new ArrayList<>();

        FailingReceipts() {
            super(null);
        }

        @Override
        public Map<String, Receipt> findAll(String source, Collection<String> eventIds) {
            calls++;
            if (calls >= failFromCall && calls <= failUntilCall) {
                throw failure;
            }
            return Map.of();
        }

        @Override
        public Optional<Receipt> find(String source, String eventId) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> creators(Collection<String> streamIds) {
            return Map.of();
        }

        @Override
        public void lockAppends() {
        }

        @Override
        public void insertAll(List<Receipt> receipts) {
            inserted.addAll(receipts);
        }

        @Override
        public void insertStreams(List<Receipt> creatingReceipts) {
        }
    }
}
