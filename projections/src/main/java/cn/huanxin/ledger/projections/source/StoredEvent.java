package cn.huanxin.ledger.projections.source;

import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerJson;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.core.integrity.CanonicalEncoder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One recorded event exactly as the event store holds it, and its canonical encoding
 * ({@code docs/integrity.md}, section 1). The seal hashes events from these and verification
 * re-reads them the same way, so both commit to what the store holds, byte for byte, not to what a
 * deserialised object would serialise to again. An {@link EventSource} reads them, from the JDBC
 * event table or through Axon's event store API.
 *
 * <p>The eleven members of the canonical form come from the stored event: {@code position} = its
 * global position ({@code global_index} in the JDBC store, the tracking token's position in any
 * store), {@code ledgerEventId} = the event identifier, {@code streamId} = the aggregate identifier,
 * {@code sequence} = the sequence number, {@code type} = the simple name of the payload type,
 * {@code revision} = the payload revision, {@code payload} = the stored payload JSON, and
 * {@code occurredAt}, {@code recordedAt}, {@code source}, {@code eventId} from the stored metadata
 * JSON. A stream read through Axon's API does not learn global positions: there {@code position}
 * is {@link #UNKNOWN_POSITION}, and such an event has no canonical form.
 */
public record StoredEvent(long position, String ledgerEventId, String streamId, long sequence, String payloadType,
                          String revision, byte[] payload, byte[] metadata) {

    /** The position of an event read from a store that did not tell it. */
    public static final long UNKNOWN_POSITION = -1;

    private static final ObjectMapper JSON = LedgerJson.newObjectMapper();
    static final Set<String> CANONICAL_METADATA = Set.of(LedgerMetadata.OCCURRED_AT,
            LedgerMetadata.RECORDED_AT, LedgerMetadata.SOURCE, LedgerMetadata.EVENT_ID);
    private static final FlatMetadata PLAIN_METADATA = new FlatMetadata(CANONICAL_METADATA);

    /** The fact type's simple name, as the canonical form and the history show it. */
    public String type() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    /**
     * The canonical encoding of this row.
     *
     * @throws UnencodableEventException if the stored row cannot be encoded at all (not JSON, a
     *                                   metadata key missing, a number without a canonical form):
     *                                   for verification a mismatch, for the seal a stop
     */
    public byte[] canonical() {
        return encode(new CanonicalEncoder(), false);
    }

    /** {@code SHA-256(0x00 || canonical())}. */
    public byte[] leafHash() {
        return leafHash(new CanonicalEncoder());
    }

    /**
     * {@code SHA-256(0x00 || canonical())}, written with an encoder that the caller reuses from event
     * to event (one per thread): the path of the seal and of verification.
     */
    public byte[] leafHash(CanonicalEncoder encoder) {
        return encode(encoder, true);
    }

    private byte[] encode(CanonicalEncoder encoder, boolean hash) {
        if (position == UNKNOWN_POSITION) {
            throw new UnencodableEventException("the event " + ledgerEventId + " was read without its global position",
                    null);
        }
        try {
            Map<String, String> meta = canonicalMetadata();
            Instant occurredAt = instant(meta, LedgerMetadata.OCCURRED_AT);
            Instant recordedAt = instant(meta, LedgerMetadata.RECORDED_AT);
            String source = text(meta, LedgerMetadata.SOURCE);
            String eventId = text(meta, LedgerMetadata.EVENT_ID);
            String rev = revision == null ? "" : revision;
            return hash
                    ? encoder.leafHash(position, ledgerEventId, streamId, sequence, type(), rev, occurredAt, recordedAt,
                    source, eventId, payload)
                    : encoder.encode(position, ledgerEventId, streamId, sequence, type(), rev, occurredAt, recordedAt,
                    source, eventId, payload);
        } catch (IOException | RuntimeException e) {
            throw new UnencodableEventException("the event at position " + position + " has no canonical form: "
                    + e.getMessage(), e);
        }
    }

    /**
     * When the ledger recorded the event ({@code recordedAt} of its metadata).
     *
     * @throws UnencodableEventException if the stored metadata holds no such instant
     */
    public Instant recordedAt() {
        try {
            return instant(canonicalMetadata(), LedgerMetadata.RECORDED_AT);
        } catch (IOException | RuntimeException e) {
            throw new UnencodableEventException("the event at position " + position + " has no recordedAt: "
                    + e.getMessage(), e);
        }
    }

    /** The four metadata keys of the canonical form: the ledger's plain shape scanned, else parsed. */
    private Map<String, String> canonicalMetadata() throws IOException {
        Map<String, String> plain = PLAIN_METADATA.scan(metadata);
        return plain != null ? plain : parsedMetadata(metadata);
    }

    /** The four metadata keys of the canonical form, read with Jackson's parser without building a tree. */
    static Map<String, String> parsedMetadata(byte[] metadata) throws IOException {
        Map<String, String> found = new HashMap<>(8);
        try (JsonParser parser = JSON.getFactory().createParser(metadata)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("metadata is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (CANONICAL_METADATA.contains(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("metadata " + name + " is not a string");
                    }
                    if (found.put(name, parser.getText()) != null) {
                        throw new IllegalArgumentException("metadata " + name + " appears twice");
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return found;
    }

    private static Instant instant(Map<String, String> metadata, String key) {
        String text = text(metadata, key);
        Instant instant = IsoTimes.utcInstant(text);
        if (instant != null) {
            return instant;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("metadata " + key + " is not an instant");
        }
    }

    private static String text(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata " + key + " is missing");
        }
        return value;
    }

    /** A stored event that has no canonical form. */
    public static final class UnencodableEventException extends RuntimeException {
        UnencodableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
