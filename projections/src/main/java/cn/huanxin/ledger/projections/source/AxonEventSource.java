package cn.huanxin.ledger.projections.source;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@link EventSource} on Axon's {@code EventStore} API, so on any Axon store, Axon Server included.
 * Events come as Axon's messages; their stored bytes are taken back from the messages with the event
 * serializer, which hands over the serialized form it read rather than serializing the object again
 * (Axon keeps a message read from a store in its serialized form until it is asked for the object).
 * So the seal and verification commit to the stored bytes on this path too.
 *
 * <p>What Axon's API cannot answer is taken from elsewhere: a tracking token for a position is made
 * by the store-specific {@code tokenAfter}, and the positions of events by id come from the
 * {@code positionIndex} (the seal's leaves, which name the event each one seals), so an event the
 * seal has not reached yet has no known position on this path.
 */
public final class AxonEventSource implements EventSource {

    /** How long a read waits for the store to hand over an event it knows is there. */
    static final long WAIT_SECONDS = 30;

    private final EventStore store;
    private final Serializer serializer;
    private final LongFunction<TrackingToken> tokenAfter;
    private final Function<Collection<String>, Map<String, Long>> positionIndex;

    /**
     * @param store         the event store
     * @param serializer    the serializer the store's events were written with
     * @param tokenAfter    the tracking token just after a position (a stream opened at it starts
     *                      with the next event): a gap-aware token for the JDBC store, a global
     *                      sequence token for Axon Server
     * @param positionIndex the positions of events by ledger event id, as far as known
     */
    public AxonEventSource(EventStore store, Serializer serializer, LongFunction<TrackingToken> tokenAfter,
                           Function<Collection<String>, Map<String, Long>> positionIndex) {
        this.store = Objects.requireNonNull(store, "store");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.tokenAfter = Objects.requireNonNull(tokenAfter, "tokenAfter");
        this.positionIndex = Objects.requireNonNull(positionIndex, "positionIndex");
    }

    @Override
    public long head() {
        TrackingToken head = store.createHeadToken();
        return head == null ? BEFORE_FIRST : head.position().orElse(BEFORE_FIRST);
    }

    @Override
    public void read(long after, long upTo, int batchSize, Consumer<List<StoredEvent>> sink) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        read(after, upTo, batchSize, Long.MAX_VALUE, sink);
    }

    @Override
    public List<StoredEvent> page(long after, long upTo, int limit) {
        List<StoredEvent> page = new ArrayList<>();
        read(after, upTo, limit, limit, page::addAll);
        return page;
    }

    /** Reads {@code (after, upTo]}, at most {@code limit} events, in batches of {@code batchSize}. */
    private void read(long after, long upTo, int batchSize, long limit, Consumer<List<StoredEvent>> sink) {
        if (upTo <= after) {
            return;
        }
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     store.openStream(after < 0 ? null : tokenAfter.apply(after))) {
            List<StoredEvent> batch = new ArrayList<>();
            long last = after;
            long handed = 0;
            while (last < upTo && handed < limit) {
                if (!stream.hasNextAvailable((int) WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the event store handed over events up to position " + last
                            + " but not the rest up to " + upTo + " within " + WAIT_SECONDS + " s");
                }
                TrackedEventMessage<?> message = stream.nextAvailable();
                long position = position(message);
                if (position > upTo) {
                    break;
                }
                last = position;
                if (position <= after) {
                    continue;
                }
                batch.add(stored(message, position));
                handed++;
                if (batch.size() == batchSize) {
                    sink.accept(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event store", e);
        }
    }

    /**
     * One stream opened per position: Axon's API reads forward from a token, and the positions
     * asked for (an evidence bundle's events) lie anywhere in history.
     */
    @Override
    public List<StoredEvent> atPositions(Collection<Long> positions) {
        List<StoredEvent> events = new ArrayList<>(positions.size());
        for (long position : new TreeSet<>(positions)) {
            read(position - 1, position, 1, batch -> batch.stream()
                    .filter(event -> event.position() == position).forEach(events::add));
        }
        return events;
    }

    @Override
    public Map<String, Long> positionsOf(Collection<String> ledgerEventIds) {
        return positionIndex.apply(ledgerEventIds);
    }

    @Override
    public List<StoredEvent> stream(String streamId, int limit) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        DomainEventStream stream = store.readEvents(streamId);
        while (stream.hasNext() && messages.size() < limit) {
            messages.add(stream.next());
        }
        Map<String, Long> positions = positionIndex.apply(messages.stream().map(DomainEventMessage::getIdentifier)
                .toList());
        List<StoredEvent> events = new ArrayList<>(messages.size());
        for (DomainEventMessage<?> message : messages) {
            events.add(stored(message, positions.getOrDefault(message.getIdentifier(), StoredEvent.UNKNOWN_POSITION)));
        }
        return events;
    }

    @Override
    public boolean exists(String streamId) {
        return store.lastSequenceNumberFor(streamId).isPresent();
    }

    private static long position(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElseThrow(() -> new IllegalStateException(
                "the event store's token " + message.trackingToken() + " tells no position"));
    }

    private StoredEvent stored(org.axonframework.eventhandling.EventMessage<?> message, long position) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            throw new IllegalStateException("the event " + message.getIdentifier() + " belongs to no stream; "
                    + "the ledger records only stream events");
        }
        SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metadata = message.serializeMetaData(serializer, byte[].class);
        return new StoredEvent(position, message.getIdentifier(), domain.getAggregateIdentifier(),
                domain.getSequenceNumber(), payload.getType().getName(), payload.getType().getRevision(),
                payload.getData(), metadata.getData());
    }
}
