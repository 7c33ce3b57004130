package cn.huanxin.ledger.api.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a view's processor reads it, each event's payload and metadata deserialized
 * when the processor's coordinator takes it from the stream, rather than when the view's handler
 * first asks for them. The coordinator thread reads ahead of the worker and waits most of the
 * time; the worker of a one-segment view (fraud) is the view's critical path, and turning stored
 * JSON into facts took some 60 % of its time outside the fraud engine (a rebuild's JFR profile,
 * docs/performance.md). An event deserialized here is the same message object the worker handles
 * (Axon keeps the object in the message, in a volatile field), so it is deserialized once either
 * way: only for a view whose handler reads every event, or the coordinator would deserialize events
 * the view never looks at.
 * <p>
 * An event that cannot be deserialized is passed on as it is: the handler meets the same failure
 * when it asks for the payload, in the processor's own error handling (roll back, retry), as
 * without this source.
 */
final class DeserializedEvents implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;

    DeserializedEvents(StreamableMessageSource<TrackedEventMessage<?>> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new Stream(store.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /** Deserializes the message's payload and metadata now, if it can; they stay in the message. */
    private static TrackedEventMessage<?> deserialized(TrackedEventMessage<?> message) {
        try {
            message.getPayload();
            message.getMetaData();
        } catch (RuntimeException failure) {
            // the handler will ask again and fail in the processor's error handling
        }
        return message;
    }

    /** The store's stream, every message handed out deserialized. */
    private static final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;

        Stream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return deserialized(stream.nextAvailable());
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
