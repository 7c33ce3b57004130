package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerJson;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.projections.balance.BalanceProjection;
import cn.huanxin.ledger.projections.supervision.SupervisionProjection;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.AggregateRoot;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How Axon stores the ledger: the JDBC event store on tables that Flyway creates (snake_case names,
 * payloads as {@code bytea} on PostgreSQL; with the axonserver profile Axon Server instead, see
 * {@link AxonServerStoreConfiguration}), Jackson for every serializer with each fact stored under
 * its name in {@link EventTypeNames} ({@link LedgerSerializerConfiguration}), the ledger's metadata
 * carried from each command to its event, and each stored event identified by the ledger's own
 * event id and stamped with its record time.
 */
@Configuration(proxyBeanMethods = false)
@Import(LedgerSerializerConfiguration.class)
public class AxonConfiguration {

    /** The package scanned for aggregates; they are package-private, so they are found, not named. */
    static final String CORE_PACKAGE = "cn.huanxin.ledger.core";

    /** Which stream a command is for, its field looked up once per command class. */
    private static final StreamCommandTargetResolver TARGETS = new StreamCommandTargetResolver();

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** Axon's serializers use this mapper by name; stored payloads are its rendering of the facts. */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return LedgerJson.newObjectMapper();
    }

    /**
     * Copies the ledger's metadata from the command that records a fact to the event it produces.
     * Only a command's: the views' handlers dispatch nothing, yet Axon asks the providers for the
     * correlation data of every message made while an event is handled (the handler's result message
     * among them), and copying each event's metadata into a new map there was some 4 % of the fraud
     * view's worker thread in a rebuild.
     */
    @Bean
    public CorrelationDataProvider ledgerMetadataProvider() {
        return commandsOnly(new SimpleCorrelationDataProvider(LedgerMetadata.KEYS.toArray(String[]::new)));
    }

    /** The provider's data for a command, nothing for any other message. */
    static CorrelationDataProvider commandsOnly(CorrelationDataProvider provider) {
        return message -> message instanceof CommandMessage<?> ? provider.correlationDataFor(message) : Map.of();
    }

    /**
     * Every aggregate on an event-sourcing repository with a cache: a command on a stream that a
     * recent command touched finds the aggregate in memory instead of reading the stream's events
     * from the database again. One cache serves all aggregate types; its keys are stream ids, which
     * name their kind ({@code subsidy:…}, {@code fund:…}), so two types never share a key. How the
     * cache stays consistent with the store after a rollback: {@link BoundedAggregateCache}.
     */
    @Bean
    public ConfigurerModule ledgerAggregates(
            @Value("${ledger.ingest.aggregate-cache-entries:100000}") int aggregateCacheEntries) {
        List<Class<?>> aggregateTypes = findAggregateTypes();
        Cache cache = new BoundedAggregateCache(aggregateCacheEntries);
        return configurer -> aggregateTypes.forEach(type -> configurer.configureAggregate(cached(type, cache)));
    }

    static <A> AggregateConfigurer<A> cached(Class<A> type, Cache cache) {
        return AggregateConfigurer.defaultConfiguration(type).configureCache(c -> cache)
                .configureCommandTargetResolver(c -> TARGETS);
    }

    /**
     * Balance and supervision run on several segments (application.yml). An event goes to the
     * segment of its stream, so one stream's events are handled in order, by one thread at a time:
     * the balance view's per-subsidy state depends on that. This is Axon's default, made explicit
     * because the views' correctness rests on it.
     */
    @Bean
    public ConfigurerModule viewsSequencedPerStream() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy(BalanceProjection.PROCESSING_GROUP,
                        c -> SequentialPerAggregatePolicy.instance())
                .registerSequencingPolicy(SupervisionProjection.PROCESSING_GROUP,
                        c -> SequentialPerAggregatePolicy.instance()));
    }

    /**
     * What every view's pooled processor shares (Axon keeps one default for all of them, so it is
     * set here only). A segment whose batches hold none of its own events — the other segments'
     * streams, or nothing at all — stores its advanced token only every {@code
     * ledger.views.idle-token-interval-ms} (Axon's claim extension threshold, 5 s by default). The
     * status of a view is its stored tokens, so with Axon's default a rebuilt or caught-up view
     * still showed events behind for up to 5 s after its last event was handled; 1 s costs at most
     * one small token update per segment and second, and renews the segment's claim well within
     * the cluster's claim timeout. Each coordinator runs on a {@link PromptCoordinatorExecutor}, which
     * comes back within milliseconds rather than Axon's 100 ms when the work packages are full (a
     * rebuild), and each work package's queue counts its length instead of walking its entries
     * ({@link CountedWorkQueues}). With Axon Server, the processors also start at the first event
     * ({@link AxonServerStoreConfiguration}).
     */
    @Bean
    public ConfigurerModule pooledProcessors(
            @Value("${ledger.views.idle-token-interval-ms:1000}") long idleTokenInterval,
            @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        if (idleTokenInterval < 1 || idleTokenInterval > 5_000) {
            throw new IllegalArgumentException("ledger.views.idle-token-interval-ms must be between 1 and 5000, was "
                    + idleTokenInterval);
        }
        return configurer -> {
            configurer.onInitialize(config -> config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS,
                    () -> config.eventProcessingConfiguration().eventProcessors().values()
                            .forEach(CountedWorkQueues::install)));
            configurer.eventProcessing(processing -> processing
                    .registerPooledStreamingEventProcessorConfiguration((configuration, builder) -> {
                        builder.claimExtensionThreshold(idleTokenInterval);
                        builder.coordinatorExecutor(name -> {
                            PromptCoordinatorExecutor executor = new PromptCoordinatorExecutor(name);
                            configuration.onShutdown(executor::shutdown);
                            return executor;
                        });
                        if (axonServer) {
                            AxonServerStoreConfiguration.startAtTheFirstEvent(builder);
                        }
                        return builder;
                    }));
        };
    }

    /**
     * The event store as the fraud view's processor reads it ({@code source: fraudEvents} in
     * application.yml): each event deserialized on the processor's coordinator thread, ahead of the
     * one worker that decides the fraud rules in global order ({@link DeserializedEvents}). The view's
     * handler reads every event, so nothing is deserialized that it would not have deserialized itself.
     */
    @Bean
    public StreamableMessageSource<TrackedEventMessage<?>> fraudEvents(EventStore eventStore) {
        return new DeserializedEvents(eventStore);
    }

    /**
     * A view whose handler fails must stop and retry, not skip the event: Axon's default logs the
     * error and moves on, which would leave a balance silently wrong. With the error propagated,
     * the processor rolls the batch back and retries it with back-off, and the admin status shows
     * the view falling behind.
     */
    @Bean
    public ConfigurerModule viewsStopOnErrors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    @Bean
    public ConfigurerModule ledgerEventIdentity() {
        return configurer -> configurer.onInitialize(
                config -> config.onStart(() -> config.eventBus().registerDispatchInterceptor(new LedgerEventIdentity())));
    }

    static List<Class<?>> findAggregateTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(AggregateRoot.class));
        List<Class<?>> types = scanner.findCandidateComponents(CORE_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, AxonConfiguration.class.getClassLoader()))
                .toList();
        if (types.isEmpty()) {
            throw new IllegalStateException("no aggregates found in " + CORE_PACKAGE);
        }
        return types;
    }

    /**
     * Gives each stored domain event the ledger event id and the record time that the ingestion
     * service put in its metadata, so that Axon's event identifier is the {@code ledgerEventId} of
     * the receipt and Axon's timestamp is {@code recordedAt} — not a second, unrelated id and time.
     */
    static final class LedgerEventIdentity implements MessageDispatchInterceptor<EventMessage<?>> {

        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, message) -> {
                if (message instanceof DomainEventMessage<?> event
                        && event.getMetaData().get(LedgerMetadata.LEDGER_EVENT_ID) instanceof String ledgerEventId
                        && event.getMetaData().get(LedgerMetadata.RECORDED_AT) instanceof String recordedAt) {
                    return new GenericDomainEventMessage<>(event.getType(), event.getAggregateIdentifier(),
                            event.getSequenceNumber(), event.getPayload(), event.getMetaData(), ledgerEventId,
                            IsoTimes.instant(recordedAt));
                }
                return message;
            };
        }
    }
}
