package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.StreamExistsException;
import cn.huanxin.ledger.core.fund.FundAppropriated;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.RecordFundAppropriatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.fund.Scheme;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregates' cache as the ingestion service uses it: commands in nested units of work inside
 * one chunk's unit of work. A command on a stream a committed chunk touched reads nothing from the
 * store; a chunk that rolls back leaves nothing of its own in the cache.
 */
class AggregateCacheTest {

    private static final String FUND = "HA-2024-CTI-CB-01";

    private final AtomicInteger streamReads = new AtomicInteger();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(100);
    private Configuration axon;

    @BeforeEach
    void start() {
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine() {
            @Override
            public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                streamReads.incrementAndGet();
                return super.readEvents(aggregateIdentifier, firstSequenceNumber);
            }
        };
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false).configureEventStore(c ->
                new EventStoreConfiguration.LedgerEventStore(EmbeddedEventStore.builder().storageEngine(engine)));
        AxonConfiguration.findAggregateTypes()
                .forEach(type -> configurer.configureAggregate(AxonConfiguration.cached(type, cache)));
        axon = configurer.start();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void aCommandOnACachedStreamReadsNothingFromTheStore() {
        assertThat(chunk(true, opened())).containsExactly(0L);
        int reads = streamReads.get();
        assertThat(chunk(true, appropriated(), appropriated())).containsExactly(1L, 2L);
        assertThat(chunk(true, appropriated())).containsExactly(3L);
        assertThat(streamReads.get()).isEqualTo(reads);
        assertThat(storedSequences()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aRolledBackChunkLeavesNoStateInTheCache() {
        assertThat(chunk(true, opened())).containsExactly(0L);
        // Decided, then the chunk's transaction fails: its events were never stored.
        assertThat(chunk(false, appropriated(), appropriated())).containsExactly(1L, 2L);
        assertThat(cache.containsKey("fund:" + FUND)).isFalse();
        assertThat(chunk(true, appropriated())).containsExactly(1L);
        assertThat(storedSequences()).containsExactly(0L, 1L);
    }

    @Test
    void aStreamCreatedInARolledBackChunkDoesNotExistAfterwards() {
        assertThat(chunk(false, opened())).containsExactly(0L);
        assertThat(cache.containsKey("fund:" + FUND)).isFalse();
        assertThat(chunk(true, opened())).containsExactly(0L);
        assertThat(storedSequences()).containsExactly(0L);
    }

    @Test
    void aLaterCommandInTheChunkSeesWhatAnEarlierOneStagedEvenAfterARefusalEmptiedTheCache() {
        // The stream is new: its first load reads the store only; the refused second opening
        // evicts the aggregate, so the third command loads it again and must find the staged event.
        assertThat(chunk(true, opened(), opened(), appropriated())).containsExactly(0L, -1L, 1L);
        assertThat(storedSequences()).containsExactly(0L, 1L);
        assertThat(chunk(true, appropriated(), opened(), appropriated())).containsExactly(2L, -1L, 3L);
        assertThat(storedSequences()).containsExactly(0L, 1L, 2L, 3L);
    }

    /**
     * Runs the commands as IngestService does: each in its own nested unit of work, one chunk around
     * them, the streams sent to tracked. A refused command gives -1.
     */
    private List<Long> chunk(boolean commit, Object... commands) {
        UnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(new GenericMessage<>("chunk"));
        ChunkStreams.track();
        try {
            List<Long> sequences = new java.util.ArrayList<>();
            for (Object command : commands) {
                AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
                axon.commandBus().dispatch(GenericCommandMessage.asCommandMessage(command),
                        (message, r) -> result.set(r));
                ChunkStreams.sent("fund:" + FUND);
                if (result.get().isExceptional()) {
                    assertThat(result.get().exceptionResult()).isInstanceOf(StreamExistsException.class);
                    sequences.add(-1L);
                } else {
                    sequences.add(((Number) result.get().getPayload()).longValue());
                }
            }
            if (commit) {
                chunk.commit();
            } else {
                chunk.rollback(new IllegalStateException("the chunk's transaction failed"));
            }
            return sequences;
        } finally {
            if (chunk.isActive()) {
                chunk.rollback();
            }
        }
    }

    private List<Long> storedSequences() {
        return axon.eventStore().readEvents("fund:" + FUND).asStream().map(DomainEventMessage::getSequenceNumber)
                .toList();
    }

    private static RecordFundOpenedCommand opened() {
        FundOpened fact = new FundOpened(FundId.of(FUND), "2024年淮安市消费品以旧换新补贴资金", 2024,
                Scheme.CONSUMER_TRADE_IN, FundSource.CENTRAL_BOND, RegionCode.of("320800"), "淮财建〔2024〕58号");
        return new RecordFundOpenedCommand(fact.streamId(), fact);
    }

    private static RecordFundAppropriatedCommand appropriated() {
        FundAppropriated fact = new FundAppropriated(FundId.of(FUND), "APR-2024-001", Money.parse("100.00"),
                "苏财建〔2024〕112号");
        return new RecordFundAppropriatedCommand(fact.streamId(), fact);
    }
}
