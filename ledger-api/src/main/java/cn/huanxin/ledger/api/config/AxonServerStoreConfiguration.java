package cn.huanxin.ledger.api.config;

import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;

/**
 * What changes when Axon Server is the event store (the axonserver profile). Axon's
 * auto-configuration builds the event store, the command bus and the query bus; this class only
 * adjusts how the views' processors begin, applied by {@link AxonConfiguration#pooledProcessors}.
 *
 * <p>Axon Server is in use unless {@code axon.axonserver.enabled} is false, which application.yml
 * sets for the JDBC event store ({@link EventStoreConfiguration}).
 */
final class AxonServerStoreConfiguration {

    private AxonServerStoreConfiguration() {
    }

    /**
     * A processor without tokens (a new views database) starts at the first event of the store,
     * without asking the store anything. Axon's default asks Axon Server for the head of the store
     * to mark the events before it as a replay; without a connection the processor then fails to
     * start, and the ledger with it, although the views could serve reads. The replay mark would
     * also make the seal, which refuses replays, skip every event already in Axon Server when a
     * new database is pointed at an existing context, leaving those events out of the Merkle log.
     */
    static void startAtTheFirstEvent(PooledStreamingEventProcessor.Builder builder) {
        builder.initialToken(source -> null);
    }
}
