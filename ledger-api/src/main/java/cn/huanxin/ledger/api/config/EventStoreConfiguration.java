package cn.huanxin.ledger.api.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.stream.Stream;

/**
 * Axon's JDBC event storage engine, as Axon's auto-configuration would build it, with one
 * difference: the ledger takes no aggregate snapshots (its streams are short), so loading an
 * aggregate does not first look for one. That saves a query for every event that opens a stream —
 * most events the ledger records — which is a round trip per event on PostgreSQL.
 *
 * <p>Events are read {@value #READ_BATCH} at a time (Axon's default is 100): each view's processor
 * reads the store with one query per batch, so a rebuild of 100,000 events takes 100 queries rather
 * than 1,000, and a long stream is loaded in fewer round trips.
 */
@Configuration(proxyBeanMethods = false)
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
                .schema(eventSchema));
    }

    /** The JDBC engine without snapshot reads; storing a snapshot is refused, so none can be missed. */
    static final class SnapshotlessJdbcEventStorageEngine extends JdbcEventStorageEngine {

        SnapshotlessJdbcEventStorageEngine(Builder builder) {
            super(builder);
        }

        @Override
        protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
            return Stream.empty();
        }

        @Override
        protected void storeSnapshot(org.axonframework.eventhandling.DomainEventMessage<?> snapshot,
                                     Serializer serializer) {
            throw new UnsupportedOperationException("the ledger takes no aggregate snapshots; "
                    + "enable snapshot reads in EventStoreConfiguration before configuring a snapshotter");
        }
    }
}
