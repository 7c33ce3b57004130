package cn.huanxin.ledger.projections.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way the ledger reads its stored events, each with its stored bytes and metadata: the
 * seal, verification, history, evidence and investigations all read through it. Two adapters
 * implement it: {@link JdbcEventSource}, the fast path on Axon's JDBC event table, and
 * {@link AxonEventSource}, on Axon's {@code EventStore} API, which works on any Axon store, Axon
 * Server included.
 *
 * <p>Positions are global positions in the event store, as the tracking processors see them;
 * {@link #BEFORE_FIRST} is before every event.
 */
public interface EventSource {

    /** A position before every stored event. */
    long BEFORE_FIRST = -1;

    /** The position of the last stored event; {@link #BEFORE_FIRST} when nothing is stored. */
    long head();

    /**
     * Hands the stored events with positions in {@code (after, upTo]} to {@code sink}, in global
     * order, in batches of at most {@code batchSize}. A batch handed over is not used again by the
     * source, so the sink may keep it.
     */
    void read(long after, long upTo, int batchSize, Consumer<List<StoredEvent>> sink);

    /**
     * At most {@code limit} stored events with positions in {@code (after, upTo]}, in global order:
     * one keyset page, for a reader that decides between pages when to read the next.
     */
    List<StoredEvent> page(long after, long upTo, int limit);

    /** The stored events at these positions, in global order; positions holding no event are left out. */
    List<StoredEvent> atPositions(Collection<Long> positions);

    /** The positions of these events by ledger event id; ids the source cannot place are left out. */
    Map<String, Long> positionsOf(Collection<String> ledgerEventIds);

    /**
     * The events of one stream in sequence order, at most {@code limit} of them (a caller that must
     * know whether there are more asks for one more than it shows).
     */
    List<StoredEvent> stream(String streamId, int limit);

    /** Whether the stream exists, that is, holds its first event. */
    boolean exists(String streamId);
}
