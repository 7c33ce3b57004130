package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.config.EventTypeNames;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.FlatMetadata;
import cn.huanxin.ledger.projections.source.StoredEvent;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the stored events of the live ledger, read-only, for investigations: in global order, by
 * pages from the {@link EventSource}, up to the head position the run started at. Only the metadata of
 * every row is read (the ledger's plain shape by {@link FlatMetadata}, anything else by Jackson's
 * parser, to the same values); the payload is deserialized — with Axon's event serializer, as the live
 * views receive it — only for events in the slice. Nothing here reads a view's table or Axon's token
 * store.
 */
@Component
class EventTableReader {

    /** Dispositions are recognised by their stored name, before (and instead of) decoding them. */
    private static final String DISPOSITION_TYPE = EventTypeNames.ledger().require(AlertDispositioned.class);

    /** The metadata an investigation reads, without a parser where it has the ledger's plain shape. */
    private static final FlatMetadata METADATA = new FlatMetadata(Set.of(LedgerMetadata.OCCURRED_AT,
            LedgerMetadata.RECORDED_AT, LedgerMetadata.SOURCE, LedgerMetadata.BACKFILL));

    private final EventSource source;
    private final Serializer serializer;
    private final ObjectMapper storedJson;

    EventTableReader(EventSource source, @Qualifier("eventSerializer") Serializer serializer,
                     @Qualifier("defaultAxonObjectMapper") ObjectMapper storedJson) {
        this.source = source;
        this.serializer = serializer;
        this.storedJson = storedJson;
    }

    /** The global position of the last recorded event, {@link EventSource#BEFORE_FIRST} when the ledger is empty. */
    long head() {
        return source.head();
    }

    /**
     * One page: at most {@code limit} events after position {@code after}, up to {@code head}. Events
     * outside the slice are counted but not decoded; alert dispositions are skipped (see
     * docs/investigations.md).
     */
    Page page(long after, long head, int limit, TimeSlice slice) {
        List<StoredEvent> stored = source.page(after, head, limit);
        List<Decoded> events = new ArrayList<>(stored.size());
        for (StoredEvent row : stored) {
            if (DISPOSITION_TYPE.equals(row.payloadType())) {
                continue;
            }
            Metadata metadata = metadata(row.metadata());
            Instant occurredAt = IsoTimes.instant(metadata.occurredAt());
            if (!slice.contains(occurredAt)) {
                continue;
            }
            LedgerFact fact = fact(row.payloadType(), row.revision(), row.payload());
            // Built as RecordedEvent.of builds it from a live message, from the same stored values.
            events.add(new Decoded(fact, new RecordedEvent(row.ledgerEventId(), row.streamId(), row.sequence(),
                    fact.getClass().getSimpleName(), occurredAt, IsoTimes.instant(metadata.recordedAt()),
                    metadata.source(), metadata.backfill())));
        }
        long last = stored.isEmpty() ? after : stored.get(stored.size() - 1).position();
        return new Page(last, stored.size(), events);
    }

    /** The fact that opened a stream; empty when there is no such stream. */
    Optional<LedgerFact> firstOfStream(String streamId) {
        return source.stream(streamId, 1).stream().filter(event -> event.sequence() == 0)
                .map(event -> fact(event.payloadType(), event.revision(), event.payload())).findFirst();
    }

    private LedgerFact fact(String type, String revision, byte[] payload) {
        Object fact = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class,
                new SimpleSerializedType(type, revision)));
        if (!(fact instanceof LedgerFact ledgerFact)) {
            throw new IllegalStateException("a stored event of type " + type + " is not a ledger fact");
        }
        return ledgerFact;
    }

    /** What an investigation reads of an event's metadata: the texts of its instants, its source, whether backfilled. */
    record Metadata(String occurredAt, String recordedAt, String source, boolean backfill) {
    }

    /**
     * The metadata's values as the parsed tree gives them: an instant's text ({@code ""} when missing),
     * the source's text ({@code null} when missing or null), backfilled only for the text {@code "true"}.
     */
    Metadata metadata(byte[] bytes) {
        Map<String, String> plain = METADATA.scan(bytes);
        if (plain != null) {
            return new Metadata(plain.getOrDefault(LedgerMetadata.OCCURRED_AT, ""),
                    plain.getOrDefault(LedgerMetadata.RECORDED_AT, ""), plain.get(LedgerMetadata.SOURCE),
                    "true".equals(plain.get(LedgerMetadata.BACKFILL)));
        }
        JsonNode tree = tree(bytes);
        JsonNode source = tree.get(LedgerMetadata.SOURCE);
        JsonNode backfill = tree.get(LedgerMetadata.BACKFILL);
        return new Metadata(tree.path(LedgerMetadata.OCCURRED_AT).asText(),
                tree.path(LedgerMetadata.RECORDED_AT).asText(),
                source == null || source.isNull() ? null : source.asText(),
                backfill != null && backfill.isTextual() && "true".equals(backfill.textValue()));
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return storedJson.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event's metadata is not valid JSON", e);
        }
    }

    /**
     * One page read.
     *
     * @param last   the global position of the last row read ({@code after} when none was)
     * @param read   rows read, in the slice or not
     * @param events the events in the slice, decoded, in global order
     */
    record Page(long last, long read, List<Decoded> events) {
    }

    /** One event in the slice: its fact and what the views know about it besides. */
    record Decoded(LedgerFact fact, RecordedEvent event) {
    }
}
