package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.config.EventTypeNames;
import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the event table of the live ledger, read-only, for investigations: in global order, by
 * keyset pages ({@code WHERE global_index > ? ORDER BY global_index LIMIT ?}), up to the head
 * position the run started at. Only the metadata of every row is parsed; the payload is
 * deserialized — with Axon's event serializer, as the live views receive it — only for events in
 * the slice. Nothing here reads a view's table or Axon's token store.
 */
@Component
class EventTableReader {

    /** Dispositions are recognised by their stored name, before (and instead of) decoding them. */
    private static final String DISPOSITION_TYPE = EventTypeNames.ledger().require(AlertDispositioned.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ObjectMapper storedJson;

    EventTableReader(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer,
                     @Qualifier("defaultAxonObjectMapper") ObjectMapper storedJson) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.serializer = serializer;
        this.storedJson = storedJson;
    }

    /** The global position of the last recorded event, 0 when the ledger is empty. */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /**
     * One page: at most {@code limit} events after position {@code after}, up to {@code head}. Events
     * outside the slice are counted but not decoded; alert dispositions are skipped (see
     * docs/investigations.md).
     */
    Page page(long after, long head, int limit, TimeSlice slice) {
        List<Decoded> events = new ArrayList<>(limit);
        long[] state = {after, 0};
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT global_index, event_identifier, "
                    + "aggregate_identifier, sequence_number, payload_type, payload_revision, payload, meta_data "
                    + "FROM domain_event_entry WHERE global_index > ? AND global_index <= ? ORDER BY global_index "
                    + "LIMIT ?");
            statement.setFetchSize(limit);
            statement.setLong(1, after);
            statement.setLong(2, head);
            statement.setInt(3, limit);
            return statement;
        }, rs -> {
            state[0] = rs.getLong(1);
            state[1]++;
            String payloadType = rs.getString(5);
            if (DISPOSITION_TYPE.equals(payloadType)) {
                return;
            }
            JsonNode metadata = tree(rs.getBytes(8));
            Instant occurredAt = Instant.parse(metadata.path(LedgerMetadata.OCCURRED_AT).asText());
            if (!slice.contains(occurredAt)) {
                return;
            }
            LedgerFact fact = fact(payloadType, rs.getString(6), rs.getBytes(7));
            JsonNode source = metadata.get(LedgerMetadata.SOURCE);
            JsonNode backfill = metadata.get(LedgerMetadata.BACKFILL);
            // Built as RecordedEvent.of builds it from a live message, from the same stored values.
            events.add(new Decoded(fact, new RecordedEvent(rs.getString(2), rs.getString(3), rs.getLong(4),
                    fact.getClass().getSimpleName(), occurredAt,
                    Instant.parse(metadata.path(LedgerMetadata.RECORDED_AT).asText()),
                    source == null || source.isNull() ? null : source.asText(),
                    backfill != null && backfill.isTextual() && "true".equals(backfill.textValue()))));
        });
        return new Page(state[0], state[1], events);
    }

    /** The fact that opened a stream, read from the event table; empty when there is no such stream. */
    Optional<LedgerFact> firstOfStream(String streamId) {
        return jdbc.query("SELECT payload_type, payload_revision, payload FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND sequence_number = 0",
                (rs, row) -> fact(rs.getString(1), rs.getString(2), rs.getBytes(3)), streamId).stream().findFirst();
    }

    private LedgerFact fact(String type, String revision, byte[] payload) {
        Object fact = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class,
                new SimpleSerializedType(type, revision)));
        if (!(fact instanceof LedgerFact ledgerFact)) {
            throw new IllegalStateException("a stored event of type " + type + " is not a ledger fact");
        }
        return ledgerFact;
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
