package cn.huanxin.ledger.api.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fraud view's event source hands out each event with its payload and metadata deserialized
 * already, the same message object its handler then reads; an event that cannot be deserialized
 * passes as it is, to fail in the handler; tokens are the store's.
 */
class DeserializedEventsTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    /** A stored event as the store streams it: payload and metadata still JSON, read on first use. */
    private record Stored(TrackedEventMessage<?> message, LazyDeserializingObject<?> payload,
                          LazyDeserializingObject<MetaData> metaData) {
    }

    private Stored stored(long index, byte[] payloadJson) {
        SerializedObject<byte[]> payload = new SimpleSerializedObject<>(payloadJson, byte[].class,
                new SimpleSerializedType(Sample.class.getName(), null));
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.with("ledgerEventId", "E-" + index), byte[].class);
        LazyDeserializingObject<?> lazyPayload = new LazyDeserializingObject<>(payload, serializer);
        LazyDeserializingObject<MetaData> lazyMetaData = new LazyDeserializingObject<>(metaData, serializer);
        TrackedEventMessage<?> message = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                new SerializedMessage<>("id-" + index, lazyPayload, lazyMetaData), Instant::now);
        return new Stored(message, lazyPayload, lazyMetaData);
    }

    /** A payload type Jackson reads from {@code {"name": …}}. */
    public record Sample(String name) {
    }

    @Test
    void eachEventComesDeserializedAndIsTheMessageTheHandlerReads() throws InterruptedException {
        Stored first = stored(1, "{\"name\":\"一\"}".getBytes(StandardCharsets.UTF_8));
        Stored second = stored(2, "{\"name\":\"two\"}".getBytes(StandardCharsets.UTF_8));
        Source store = new Source(List.of(first.message(), second.message()));
        BlockingStream<TrackedEventMessage<?>> stream = new DeserializedEvents(store).openStream(null);

        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(first.payload().isDeserialized()).as("not before it is taken").isFalse();
        TrackedEventMessage<?> taken = stream.nextAvailable();
        assertThat(taken).isSameAs(first.message());
        assertThat(first.payload().isDeserialized()).isTrue();
        assertThat(first.metaData().isDeserialized()).isTrue();
        assertThat(taken.getPayload()).isEqualTo(new Sample("一"));
        assertThat(taken.getMetaData()).containsEntry("ledgerEventId", "E-1");
        assertThat(second.payload().isDeserialized()).as("one at a time").isFalse();

        assertThat(stream.nextAvailable()).isSameAs(second.message());
        assertThat(second.payload().isDeserialized()).isTrue();
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
        assertThat(store.closed).isTrue();
    }

    @Test
    void anEventThatCannotBeDeserializedPassesToFailInTheHandler() throws InterruptedException {
        Stored broken = stored(7, "{\"name\":".getBytes(StandardCharsets.UTF_8));
        BlockingStream<TrackedEventMessage<?>> stream =
                new DeserializedEvents(new Source(List.of(broken.message()))).openStream(null);

        TrackedEventMessage<?> taken = stream.nextAvailable();
        assertThat(taken).isSameAs(broken.message());
        assertThat(broken.payload().isDeserialized()).isFalse();
        assertThatThrownBy(taken::getPayload).as("the handler meets the failure").isInstanceOf(RuntimeException.class);
    }

    @Test
    void tokensAreTheStores() {
        Source store = new Source(List.of());
        DeserializedEvents source = new DeserializedEvents(store);
        assertThat(source.createTailToken()).isEqualTo(new GlobalSequenceTrackingToken(-1));
        assertThat(source.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(41));
        assertThat(source.createTokenAt(Instant.EPOCH)).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertThat(source.createTokenSince(Duration.ofDays(1))).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    /** A store that streams the given messages and answers fixed tokens. */
    private static final class Source implements StreamableMessageSource<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> messages;
        boolean closed;

        Source(List<TrackedEventMessage<?>> messages) {
            this.messages = new ArrayDeque<>(messages);
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            return new BlockingStream<>() {
                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return Optional.ofNullable(messages.peek());
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                    return !messages.isEmpty();
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() {
                    return messages.pop();
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public TrackingToken createTailToken() {
            return new GlobalSequenceTrackingToken(-1);
        }

        @Override
        public TrackingToken createHeadToken() {
            return new GlobalSequenceTrackingToken(41);
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return new GlobalSequenceTrackingToken(3);
        }

        @Override
        public TrackingToken createTokenSince(Duration duration) {
            return new GlobalSequenceTrackingToken(4);
        }
    }
}
