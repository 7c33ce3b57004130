package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.IsoTimes;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Axon's JDBC engine as {@link EventStoreConfiguration} builds it, with two differences:
 * <ul>
 *   <li>no snapshot reads: storing a snapshot is refused, so none can be missed;</li>
 *   <li>a tracked event's timestamp is read once, with the ledger's own reader of the stored shape
 *   ({@link IsoTimes#utcInstant}, Axon's parser for any other text), and kept. Axon's entry parses
 *   its timestamp text with a general {@code DateTimeFormatter} every time it is asked, and every
 *   tracked event is asked twice (whether a gap may still fill, and its message's timestamp): a
 *   tenth of a view's rebuild went there.</li>
 * </ul>
 * The tracking token of each event is computed exactly as Axon 4.13 computes it, with the gap
 * settings that {@link EventStoreConfiguration} passes to the builder (Axon's defaults, named here):
 * SnapshotlessJdbcEventStorageEngineTest reads the same store through Axon's engine and this one
 * and compares every token and timestamp.
 */
final class SnapshotlessJdbcEventStorageEngine extends JdbcEventStorageEngine {

    /** Stream ids per existence query: far below every database's limit of parameters. */
    static final int IDS_PER_QUERY = 500;

    /** How long a gap may still fill (ms): Axon's default. */
    static final int GAP_TIMEOUT_MILLIS = 60_000;
    /** How far behind the newest event a gap is still tracked: Axon's default. */
    static final int MAX_GAP_OFFSET = 10_000;
    /** The first global index the store hands out: Axon's default. */
    static final long LOWEST_GLOBAL_SEQUENCE = 1;

    SnapshotlessJdbcEventStorageEngine(Builder builder) {
        super(builder);
    }

    /**
     * Which of {@code streamIds} hold a stored event (every stream's first event has sequence
     * 0): one query per {@value #IDS_PER_QUERY} ids on the unique (stream, sequence) index, in
     * the current transaction.
     */
    Set<String> storedStreams(Collection<String> streamIds) {
        Set<String> stored = new HashSet<>();
        List<String> all = new ArrayList<>(streamIds);
        EventSchema schema = schema();
        Connection connection = getConnection();
        try {
            for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
                List<String> ids = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
                String sql = "SELECT " + schema.aggregateIdentifierColumn() + " FROM " + schema.domainEventTable()
                        + " WHERE " + schema.sequenceNumberColumn() + " = 0 AND "
                        + schema.aggregateIdentifierColumn() + " IN ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < ids.size(); i++) {
                        statement.setString(i + 1, ids.get(i));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            stored.add(rows.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new EventStoreException("could not ask which streams exist", e);
        } finally {
            JdbcUtils.closeQuietly(connection);
        }
        return stored;
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

    /** Axon 4.13's reading of a tracked event, with the event's timestamp read once ({@link TimedEntry}). */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        TimedEntry<?> domainEvent = new TimedEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
        boolean allowGaps = domainEvent.getTimestamp()
                .isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, domainEvent);
    }

    /**
     * A stored event as Axon's {@code GenericDomainEventEntry} presents it — the aggregate identifier
     * null for an event outside any aggregate, the payload and metadata in their stored bytes — except
     * that its timestamp is parsed on first use and kept.
     */
    static final class TimedEntry<T> implements DomainEventData<T> {

        private final String type;
        private final String aggregateIdentifier;
        private final long sequenceNumber;
        private final String eventIdentifier;
        private final String storedTimestamp;
        private final SimpleSerializedType payloadType;
        private final T payload;
        private final T metaData;
        private Instant timestamp;

        TimedEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                   Object timestamp, String payloadType, String payloadRevision, T payload, T metaData) {
            this.type = type;
            this.aggregateIdentifier = aggregateIdentifier;
            this.sequenceNumber = sequenceNumber;
            this.eventIdentifier = eventIdentifier;
            // As Axon's entry keeps it: a time as its ISO text, anything else as its text.
            this.storedTimestamp = timestamp instanceof TemporalAccessor time ? DateTimeUtils.formatInstant(time)
                    : timestamp.toString();
            this.payloadType = new SimpleSerializedType(payloadType, payloadRevision);
            this.payload = payload;
            this.metaData = metaData;
        }

        @Override
        public String getType() {
            return type;
        }

        @Override
        public String getAggregateIdentifier() {
            return aggregateIdentifier;
        }

        @Override
        public long getSequenceNumber() {
            return sequenceNumber;
        }

        @Override
        public String getEventIdentifier() {
            return eventIdentifier;
        }

        @Override
        public Instant getTimestamp() {
            Instant read = timestamp;
            if (read == null) {
                Instant fast = IsoTimes.utcInstant(storedTimestamp);
                read = fast != null ? fast : DateTimeUtils.parseInstant(storedTimestamp);
                timestamp = read;
            }
            return read;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SerializedObject<T> getMetaData() {
            return new SerializedMetaData<>(metaData, (Class<T>) metaData.getClass());
        }

        @Override
        @SuppressWarnings("unchecked")
        public SerializedObject<T> getPayload() {
            return new SimpleSerializedObject<>(payload, (Class<T>) payload.getClass(), payloadType);
        }
    }
}
