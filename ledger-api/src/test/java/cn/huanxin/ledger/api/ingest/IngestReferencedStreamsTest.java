package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Role;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RefersToStreams;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import cn.huanxin.ledger.core.common.StreamReference;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.fund.Scheme;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyGrantedCommand;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one rule across streams, as the facts declare it ({@link RefersToStreams}): a fact whose
 * referenced stream does not exist is refused 422 UNKNOWN_STREAM before its command is sent, with
 * the noun of the reference in the detail. The existence of all referenced streams of a chunk is
 * asked once, and a stream opened by an earlier event of the same chunk counts as existing.
 */
class IngestReferencedStreamsTest {

    private static final String FUND = "HA-2024-CTI-CB-01";
    private static final String OTHER_FUND = "HA-2024-CTI-CB-02";
    private static final String DEALER_ID = "91350100M000100Y43";
    private static final LedgerClient PLATFORM = new LedgerClient("platform", Role.SOURCE, Set.of(), true, false);

    private final EventTypeCatalog catalog = new EventTypeCatalog();
    private final FakeReceipts receipts = new FakeReceipts();
    private final List<Object> commandsSent = new ArrayList<>();
    private IngestService ingest;

    @BeforeEach
    void start() {
        SimpleCommandBus commands = SimpleCommandBus.builder().build();
        // Every command decides to open its stream: sequence 0.
        for (Class<?> command : List.of(RecordFundOpenedCommand.class, RecordSubsidyGrantedCommand.class)) {
            commands.subscribe(command.getName(), message -> {
                commandsSent.add(message.getPayload());
                return 0L;
            });
        }
        LedgerProperties properties = new LedgerProperties(Path.of("."), new LedgerProperties.Pseudonym(null, false),
                Map.of(), new LedgerProperties.Ingest(1_048_576, 16_777_216, 1000, 500, 300, 5));
        ingest = new IngestService(commands, NoTransactionManager.INSTANCE, receipts,
                Clock.fixed(Instant.parse("2024-09-01T02:00:00Z"), ZoneOffset.UTC), properties,
                new SimpleMeterRegistry(), new DatabaseAvailability(new SimpleDriverDataSource()));
    }

    @Test
    void theGrantDeclaresItsFundAsTheStreamItRefersTo() {
        assertThat(grant("S-1", FUND).referencedStreams())
                .containsExactly(new StreamReference(StreamId.of(StreamKind.FUND, FUND), "fund"));
    }

    @Test
    void aGrantFromAFundThatDoesNotExistIsRefusedBeforeItsCommandIsSent() {
        List<ItemResult> results = ingest.record(PLATFORM, "request-1", List.of(envelope("E-1", grant("S-1", FUND))));

        assertThat(results).hasSize(1);
        ItemResult refused = results.get(0);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.recorded()).isFalse();
        assertThat(refused.problem().getProperties()).containsEntry("code", "UNKNOWN_STREAM");
        assertThat(refused.problem().getTitle()).isEqualTo("Unknown stream");
        assertThat(refused.problem().getDetail()).isEqualTo("fund fund:" + FUND + " does not exist");
        assertThat(commandsSent).isEmpty();
        assertThat(receipts.creatorQueries).containsExactly(Set.of("fund:" + FUND));
    }

    @Test
    void aFundOpenedEarlierInTheSameChunkCountsAsExisting() {
        List<ItemResult> results = ingest.record(PLATFORM, "request-1", List.of(
                envelope("E-1", fundOpened(FUND)), envelope("E-2", grant("S-1", FUND))));

        assertThat(results).extracting(ItemResult::status).containsExactly(201, 201);
        assertThat(commandsSent).hasSize(2);
        assertThat(receipts.creatorQueries).containsExactly(Set.of("fund:" + FUND));
    }

    @Test
    void allReferencedStreamsOfAChunkAreAskedAboutInOneQuery() {
        receipts.existing.add("fund:" + FUND);

        List<ItemResult> results = ingest.record(PLATFORM, "request-1", List.of(
                envelope("E-1", grant("S-1", FUND)), envelope("E-2", grant("S-2", OTHER_FUND)),
                envelope("E-3", grant("S-3", FUND))));

        assertThat(results).extracting(ItemResult::status).containsExactly(201, 422, 201);
        assertThat(results.get(1).problem().getDetail()).isEqualTo("fund fund:" + OTHER_FUND + " does not exist");
        assertThat(receipts.creatorQueries).containsExactly(Set.of("fund:" + FUND, "fund:" + OTHER_FUND));
    }

    @Test
    void factsThatReferToNoStreamAskAboutNone() {
        List<ItemResult> results = ingest.record(PLATFORM, "request-1", List.of(envelope("E-1", fundOpened(FUND))));

        assertThat(results).extracting(ItemResult::status).containsExactly(201);
        assertThat(receipts.creatorQueries).containsExactly(Set.of());
    }

    private Envelope envelope(String eventId, LedgerFact fact) {
        EventTypeCatalog.EventType type = catalog.find(fact.getClass().getSimpleName()).orElseThrow();
        return new Envelope(eventId, type, Instant.parse("2024-09-01T01:00:00Z"), fact, "0".repeat(64));
    }

    private static FundOpened fundOpened(String fundId) {
        return new FundOpened(FundId.of(fundId), "2024年淮安市消费品以旧换新超长期特别国债资金", 2024,
                Scheme.CONSUMER_TRADE_IN, FundSource.CENTRAL_BOND, RegionCode.of("320800"), "HCJ-2024-118");
    }

    private static SubsidyGranted grant(String subsidyId, String fundId) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of(fundId), RegionCode.of("320826"),
                Programme.EQUIPMENT_RENEWAL, Beneficiary.enterprise(EnterpriseId.of(DEALER_ID)), null, null, null,
                Money.parse("999.80"), null, null, null);
    }

    /** The receipt and stream tables, in memory: no receipts yet, and the streams in {@link #existing}. */
    private static final class FakeReceipts extends ReceiptRepository {

        final Set<String> existing = new HashSet<>();
        final List<Set<String>> creatorQueries = new ArrayList<>();

        FakeReceipts() {
            super(null);
        }

        @Override
        public Optional<Receipt> find(String source, String eventId) {
            return Optional.empty();
        }

        @Override
        public Map<String, Receipt> findAll(String source, Collection<String> eventIds) {
            return Map.of();
        }

        @Override
        public Map<String, String> creators(Collection<String> streamIds) {
            creatorQueries.add(Set.copyOf(streamIds));
            Map<String, String> found = new HashMap<>();
            streamIds.stream().filter(existing::contains).forEach(id -> found.put(id, "platform"));
            return found;
        }

        @Override
        public void lockAppends() {
        }

        @Override
        public void insertAll(List<Receipt> receipts) {
        }

        @Override
        public void insertStreams(List<Receipt> creatingReceipts) {
        }
    }
}
