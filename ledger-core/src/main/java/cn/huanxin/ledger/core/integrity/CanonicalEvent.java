package cn.huanxin.ledger.core.integrity;

import cn.huanxin.ledger.core.common.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded event in the fixed byte encoding that the ledger's Merkle tree commits to
 * ({@code docs/integrity.md}, "Canonical form, version 1").
 *
 * <p>{@link #bytes()} is the UTF-8 encoding, in the JSON Canonicalization Scheme (RFC 8785, as
 * implemented by {@link CanonicalJson}), of a JSON object with exactly eleven members:
 * {@code position} and {@code sequence} as JSON numbers; {@code occurredAt} and
 * {@code recordedAt} as strings in the form of {@link Instant#toString()} (ISO-8601 in UTC with
 * {@code Z}, seconds always present, a fraction of 3, 6 or 9 digits only when it is not zero);
 * {@code ledgerEventId}, {@code streamId}, {@code type}, {@code revision}, {@code source} and
 * {@code eventId} as strings; and {@code payload}, the stored payload object. {@link #leafHash()}
 * is {@code MerkleTree.leafHash(bytes())}, that is {@code SHA-256(0x00 || bytes())}.
 *
 * <p>Why each field is in:
 * <ul>
 *   <li>{@code position} (the event store's global position) binds <em>order</em>: the tree
 *       proves not only that an event was recorded but where in the log, so events cannot be
 *       reordered, and a leaf cannot be moved to another place of the tree without its hash
 *       changing. {@code streamId} and {@code sequence} bind the event's place within its stream,
 *       which is what the aggregates decide on.</li>
 *   <li>{@code ledgerEventId}, {@code source}, {@code eventId}, {@code occurredAt},
 *       {@code recordedAt}, {@code type} and {@code revision} bind the <em>metadata</em>: who
 *       reported the fact (the authenticated source and its own idempotency key), when it
 *       happened and when the ledger accepted it (the late-upload and fraud rules judge these
 *       times), and how the payload is to be read (type and schema revision).</li>
 *   <li>{@code payload} binds <em>what</em> was reported: the payload exactly as stored, after
 *       normalisation and pseudonymisation, so the hash can be recomputed from the history
 *       without any raw personal data.</li>
 * </ul>
 * The other metadata keys ({@code principal}, {@code requestId}, {@code backfill}) are not part of
 * version 1 of the encoding.
 *
 * <p><strong>The encoding is a contract.</strong> Independent verifiers re-implement it from
 * {@code docs/integrity.md}, and every checkpoint ever signed commits to hashes of it. Adding,
 * removing or renaming a member, or changing how any value is rendered, changes every leaf hash;
 * such a change needs a new, separately named version of the canonical form (and of the
 * documentation and test vectors), never an edit of this one.
 *
 * <p>Instances are immutable: the payload is copied on the way in and on the way out.
 *
 * @param position      the event store's global position, {@code 1 <= position <= 2^53 - 1}
 * @param ledgerEventId the identifier the ledger gave the event
 * @param streamId      the stream, {@code kind:key}
 * @param sequence      the event's sequence number in its stream, {@code 0 <= sequence <= 2^53 - 1}
 * @param type          the fact type, for example {@code SubsidyGranted}
 * @param revision      the payload schema revision of the type, for example {@code 1}
 * @param occurredAt    when the fact happened, as reported by the source
 * @param recordedAt    when the ledger recorded the event
 * @param source        the authenticated client that posted the event
 * @param eventId       the source's own event id (the idempotency key with {@code source})
 * @param payload       the payload as stored, a JSON object that has a canonical form
 */
public record CanonicalEvent(long position, String ledgerEventId, String streamId, long sequence,
                             String type, String revision, Instant occurredAt, Instant recordedAt,
                             String source, String eventId, JsonNode payload) {

    /** The largest integer a JCS number (an IEEE double) renders exactly, 2^53 - 1. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    public CanonicalEvent {
        if (position < 1 || position > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("position must be between 1 and 2^53 - 1: " + position);
        }
        if (sequence < 0 || sequence > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("sequence must be between 0 and 2^53 - 1: " + sequence);
        }
        Objects.requireNonNull(ledgerEventId, "ledgerEventId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
        if (!payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object, was " + payload.getNodeType());
        }
        payload = payload.deepCopy();
        // Refuse now, not at hashing time, a payload that has no canonical form (CanonicalJson
        // throws IllegalArgumentException for numbers outside the ledger's range).
        CanonicalJson.canonicalize(payload);
    }

    /** A copy of the stored payload; changing it does not change this event. */
    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }

    /** The canonical encoding, version 1: UTF-8 JCS of the eleven members described above. */
    public byte[] bytes() {
        return encode(position, ledgerEventId, streamId, sequence, type, revision, occurredAt, recordedAt, source,
                eventId, payload);
    }

    /**
     * The canonical encoding of an event given by its parts, without building an instance: the
     * fast path for hashing a whole store. The eleven members are written in their fixed JCS order
     * ({@code eventId, ledgerEventId, occurredAt, payload, position, recordedAt, revision, sequence,
     * source, streamId, type}); the result is byte for byte the JCS rendering of the object that
     * {@code docs/integrity.md} describes, which {@code CanonicalEventTest} checks against the
     * general canonicalizer.
     *
     * @throws IllegalArgumentException if a number is out of range or the payload is not an object
     *                                  with a canonical form
     */
    public static byte[] encode(long position, String ledgerEventId, String streamId, long sequence, String type,
                                String revision, Instant occurredAt, Instant recordedAt, String source,
                                String eventId, JsonNode payload) {
        if (position < 1 || position > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("position must be between 1 and 2^53 - 1: " + position);
        }
        if (sequence < 0 || sequence > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("sequence must be between 0 and 2^53 - 1: " + sequence);
        }
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        StringBuilder out = new StringBuilder(512);
        member(out, '{', "eventId", eventId);
        member(out, ',', "ledgerEventId", ledgerEventId);
        member(out, ',', "occurredAt", occurredAt.toString());
        out.append(",\"payload\":");
        CanonicalJson.append(payload, out);
        out.append(",\"position\":").append(position);
        member(out, ',', "recordedAt", recordedAt.toString());
        member(out, ',', "revision", revision);
        out.append(",\"sequence\":").append(sequence);
        member(out, ',', "source", source);
        member(out, ',', "streamId", streamId);
        member(out, ',', "type", type);
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void member(StringBuilder out, char separator, String name, String value) {
        Objects.requireNonNull(value, name);
        out.append(separator).append('"').append(name).append("\":");
        CanonicalJson.appendString(value, out);
    }

    /** The Merkle leaf hash of this event, {@code SHA-256(0x00 || bytes())}, 32 bytes. */
    public byte[] leafHash() {
        return MerkleTree.leafHash(bytes());
    }
}
