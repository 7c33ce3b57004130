package cn.huanxin.ledger.api.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JDBC event storage engine, as Axon's auto-configuration would build it, with two
 * differences ({@link SnapshotlessJdbcEventStorageEngine}): the ledger takes no aggregate snapshots
 * (its streams are short), so loading an aggregate does not first look for one — that saves a query
 * for every event that opens a stream, most events the ledger records, which is a round trip per
 * event on PostgreSQL; and a tracked event's timestamp is parsed once, by the ledger's reader of the
 * stored shape, instead of by a general formatter each time it is asked.
 *
 * <p>Events are read {@value #READ_BATCH} at a time (Axon's default is 100): each view's processor
 * reads the store with one query per batch, so a rebuild of 100,000 events takes 100 queries rather
 * than 1,000, and a long stream is loaded in fewer round trips.
 *
 * <p>The event store is Axon's embedded one, as Axon's auto-configuration would build it, except that
 * loading an aggregate of a stream that no earlier command of the ingestion chunk touched reads
 * the store only, without searching the chunk's staged events ({@link ChunkStreams}).
 *
 * <p>All of it applies only while Axon Server is off ({@code axon.axonserver.enabled=false}, the
 * setting of application.yml). With Axon Server (the axonserver profile) none of these beans exists,
 * so that Axon's auto-configuration builds its Axon Server event store, command bus and query bus;
 * the chunk-level existence check then does not run and aggregates load through Axon Server's own
 * event store, which searches the chunk's staged events as Axon always does.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreConfiguration {

    /** Events per query when a processor reads the store or an aggregate is loaded. */
    static final int READ_BATCH = 1000;

    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema) {
        return new SnapshotlessJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .batchSize(READ_BATCH)
                .gapTimeout(SnapshotlessJdbcEventStorageEngine.GAP_TIMEOUT_MILLIS)
                .maxGapOffset(SnapshotlessJdbcEventStorageEngine.MAX_GAP_OFFSET)
                .lowestGlobalSequence(SnapshotlessJdbcEventStorageEngine.LOWEST_GLOBAL_SEQUENCE)
                .schema(eventSchema));
    }

    /**
     * What Axon's JDBC auto-configuration would define, and stops defining as soon as the application
     * defines its own event store (below): how a duplicate key on append is recognised.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration) {
        return new LedgerEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)));
    }

    /** The embedded event store; an aggregate's first load in an ingestion chunk skips the staged-event search. */
    static final class LedgerEventStore extends EmbeddedEventStore {

        LedgerEventStore(Builder builder) {
            super(builder);
        }

        /**
         * The stream's stored events and, when a command of the current chunk touched the stream
         * before, its staged ones. The ledger stores no snapshots (they are refused below), so the
         * stored events are the whole stream.
         */
        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            if (ChunkStreams.mayHaveStagedEvents(aggregateIdentifier)) {
                return super.readEvents(aggregateIdentifier);
            }
            if (storageEngine() instanceof SnapshotlessJdbcEventStorageEngine engine
                    && ChunkStreams.knownEmpty(aggregateIdentifier, engine::storedStreams)) {
                return DomainEventStream.empty();
            }
            return storageEngine().readEvents(aggregateIdentifier);
        }
    }
}
