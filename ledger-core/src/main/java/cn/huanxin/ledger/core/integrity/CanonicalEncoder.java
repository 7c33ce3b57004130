package cn.huanxin.ledger.core.integrity;

import cn.huanxin.ledger.core.common.CanonicalJson;
import cn.huanxin.ledger.core.common.InstantText;
import cn.huanxin.ledger.core.common.LedgerJson;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The canonical encoding of {@link CanonicalEvent#encode}, byte for byte, written straight from the
 * stored payload's JSON bytes into a buffer that is reused from event to event: the fast path that
 * hashing a whole store takes (the seal, verification).
 * <p>
 * A payload of the ledger's usual shape is copied from its bytes by {@link RawPayload}, without
 * decoding its text. Otherwise:
 * <p>
 * {@link CanonicalEvent#encode} reads the payload into a tree, renders it as text and encodes the
 * text as UTF-8; this class parses the payload once with a streaming parser and writes UTF-8 bytes
 * directly, sorting each object's members in place. It takes the fast path only for what it renders
 * exactly as the tree does — objects without repeated member names, arrays, strings, booleans,
 * {@code null}, integers that fit a {@code long} and decimals within the ledger's range — and hands
 * anything else (a number out of range, a repeated name, text after the object, JSON that does not
 * parse) to {@link CanonicalEvent#encode} unchanged, so that both give the same bytes, or the same
 * refusal, for every input ({@code CanonicalEncoderProperties} compares them). Instants are written
 * by {@link InstantText}.
 * <p>
 * An instance is not thread-safe: each hashing thread uses its own.
 */
public final class CanonicalEncoder {

    private static final ObjectMapper JSON = LedgerJson.newObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    /**
     * Where the encoding starts in {@link #buffer}: byte 0 is the leaf prefix {@code 0x00}, so the digest
     * takes the prefix and the encoding in one update, and hashes their whole blocks in one intrinsic call.
     * (JDK 17 first converts in Java each block it hashes out of its own buffer, a check before its
     * intrinsic: with the prefix given alone, every event's first block went that way.)
     */
    private static final int START = 1;
    private static final byte LEAF_PREFIX = 0x00;
    private static final long MAX_SAFE_INTEGER = CanonicalEvent.MAX_SAFE_INTEGER;
    /** The members' names, each with the separator before it, as the bytes they are written as. */
    private static final byte[] EVENT_ID = bytes("{\"eventId\":");
    private static final byte[] LEDGER_EVENT_ID = bytes(",\"ledgerEventId\":");
    private static final byte[] OCCURRED_AT = bytes(",\"occurredAt\":");
    private static final byte[] PAYLOAD = bytes(",\"payload\":");
    private static final byte[] POSITION = bytes(",\"position\":");
    private static final byte[] RECORDED_AT = bytes(",\"recordedAt\":");
    private static final byte[] REVISION = bytes(",\"revision\":");
    private static final byte[] SEQUENCE = bytes(",\"sequence\":");
    private static final byte[] SOURCE = bytes(",\"source\":");
    private static final byte[] STREAM_ID = bytes(",\"streamId\":");
    private static final byte[] TYPE = bytes(",\"type\":");

    private final MessageDigest sha256;
    /** The leaf prefix, then the encoding up to {@link #length}. */
    private byte[] buffer = new byte[1024];
    private int length = START;
    private byte[] scratch = new byte[512];
    private final InstantText instants = new InstantText();
    private final RawPayload raw = new RawPayload();

    public CanonicalEncoder() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The canonical encoding of an event given by its parts, as {@link CanonicalEvent#encode} gives
     * it for the payload read as a tree.
     *
     * @param payloadJson the stored payload, UTF-8 JSON
     * @throws IllegalArgumentException as {@link CanonicalEvent#encode} does, also for a payload that
     *                                  is not JSON
     */
    public byte[] encode(long position, String ledgerEventId, String streamId, long sequence, String type,
                         String revision, Instant occurredAt, Instant recordedAt, String source, String eventId,
                         byte[] payloadJson) {
        write(position, ledgerEventId, streamId, sequence, type, revision, occurredAt, recordedAt, source, eventId,
                payloadJson);
        return Arrays.copyOfRange(buffer, START, length);
    }

    /** {@code SHA-256(0x00 || encode(…))}, without copying the encoding. */
    public byte[] leafHash(long position, String ledgerEventId, String streamId, long sequence, String type,
                           String revision, Instant occurredAt, Instant recordedAt, String source, String eventId,
                           byte[] payloadJson) {
        write(position, ledgerEventId, streamId, sequence, type, revision, occurredAt, recordedAt, source, eventId,
                payloadJson);
        // digest() leaves the digest reset, and nothing else updates it
        buffer[0] = LEAF_PREFIX;
        sha256.update(buffer, 0, length);
        return sha256.digest();
    }

    private void write(long position, String ledgerEventId, String streamId, long sequence, String type,
                       String revision, Instant occurredAt, Instant recordedAt, String source, String eventId,
                       byte[] payloadJson) {
        Objects.requireNonNull(payloadJson, "payload");
        if (position < 1 || position > MAX_SAFE_INTEGER || sequence < 0 || sequence > MAX_SAFE_INTEGER
                || !fast(position, ledgerEventId, streamId, sequence, type, revision, occurredAt, recordedAt, source,
                eventId, payloadJson)) {
            slow(position, ledgerEventId, streamId, sequence, type, revision, occurredAt, recordedAt, source, eventId,
                    payloadJson);
        }
    }

    /** The tree path, whose result or refusal is the definition. */
    private void slow(long position, String ledgerEventId, String streamId, long sequence, String type,
                      String revision, Instant occurredAt, Instant recordedAt, String source, String eventId,
                      byte[] payloadJson) {
        JsonNode payload;
        try {
            payload = JSON.readTree(payloadJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload is not JSON: " + e.getMessage(), e);
        }
        byte[] encoded = CanonicalEvent.encode(position, ledgerEventId, streamId, sequence, type, revision,
                occurredAt, recordedAt, source, eventId, payload);
        length = START;
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buffer, START, encoded.length);
        length = START + encoded.length;
    }

    /** The members in their fixed JCS order; false when the payload needs the tree path. */
    private boolean fast(long position, String ledgerEventId, String streamId, long sequence, String type,
                         String revision, Instant occurredAt, Instant recordedAt, String source, String eventId,
                         byte[] payloadJson) {
        if (ledgerEventId == null || streamId == null || type == null || revision == null || occurredAt == null
                || recordedAt == null || source == null || eventId == null) {
            return false;
        }
        length = START;
        put(EVENT_ID);
        string(eventId);
        put(LEDGER_EVENT_ID);
        string(ledgerEventId);
        put(OCCURRED_AT);
        if (!instant(occurredAt)) {
            return false;
        }
        put(PAYLOAD);
        if (raw.write(payloadJson)) {
            ensure(raw.length());
            System.arraycopy(raw.bytes(), 0, buffer, length, raw.length());
            length += raw.length();
        } else if (!parsed(payloadJson)) {
            return false;
        }
        put(POSITION);
        number(position);
        put(RECORDED_AT);
        if (!instant(recordedAt)) {
            return false;
        }
        put(REVISION);
        string(revision);
        put(SEQUENCE);
        number(sequence);
        put(SOURCE);
        string(source);
        put(STREAM_ID);
        string(streamId);
        put(TYPE);
        string(type);
        put((byte) '}');
        return true;
    }

    /** The payload through the streaming parser; false when the tree path must decide. */
    private boolean parsed(byte[] payloadJson) {
        try (JsonParser parser = FACTORY.createParser(payloadJson)) {
            return parser.nextToken() == JsonToken.START_OBJECT && value(parser, JsonToken.START_OBJECT)
                    && parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes the value that starts with {@code token}; false when the tree path must decide. */
    private boolean value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                return object(parser);
            }
            case START_ARRAY -> {
                put((byte) '[');
                boolean first = true;
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    if (next == null) {
                        return false;
                    }
                    if (!first) {
                        put((byte) ',');
                    }
                    first = false;
                    if (!value(parser, next)) {
                        return false;
                    }
                }
                put((byte) ']');
                return true;
            }
            case VALUE_STRING -> {
                string(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                return true;
            }
            case VALUE_NUMBER_FLOAT -> {
                return decimal(parser.getDecimalValue());
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType kind = parser.getNumberType();
                if (kind != JsonParser.NumberType.INT && kind != JsonParser.NumberType.LONG) {
                    return false;
                }
                return safeInteger(parser.getLongValue());
            }
            case VALUE_TRUE -> {
                ascii("true");
                return true;
            }
            case VALUE_FALSE -> {
                ascii("false");
                return true;
            }
            case VALUE_NULL -> {
                ascii("null");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A number with a fraction or an exponent as {@code CanonicalJson} writes the tree's decimal (the
     * ledger's mapper reads such numbers as {@link BigDecimal}): trailing zeros dropped, a whole number
     * as an integer up to 2^53 - 1, otherwise at most 3 decimals and 15 digits in plain notation; false
     * for anything outside that range, which the tree path refuses.
     */
    private boolean decimal(BigDecimal number) {
        BigDecimal value = number.stripTrailingZeros();
        if (value.signum() == 0) {
            put((byte) '0');
            return true;
        }
        if (value.scale() <= 0) {
            // at most 16 digits before the point: a long holds it, and 2^53 - 1 has 16
            if ((long) value.precision() - value.scale() > 16) {
                return false;
            }
            return safeInteger(value.longValueExact());
        }
        if (value.scale() > 3 || value.precision() > 15) {
            return false;
        }
        ascii(value.toPlainString());
        return true;
    }

    /** An integer that a JCS number renders exactly (up to 2^53 - 1); false for a larger one. */
    private boolean safeInteger(long value) {
        if (Math.abs(value) > MAX_SAFE_INTEGER) {
            return false;
        }
        number(value);
        return true;
    }

    /**
     * An object: its values are written one after the other as they come, then the region is
     * rewritten with the members sorted by name (UTF-16 code units, as {@link String#compareTo}).
     */
    private boolean object(JsonParser parser) throws IOException {
        int start = length;
        String[] names = new String[8];
        int[] ends = new int[8];
        int count = 0;
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
            if (next != JsonToken.FIELD_NAME) {
                return false;
            }
            if (count == names.length) {
                names = Arrays.copyOf(names, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            names[count] = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (valueToken == null || !value(parser, valueToken)) {
                return false;
            }
            ends[count] = length;
            count++;
        }
        String[] named = names;
        int[] order = MemberOrder.byName(count, (a, b) -> named[a].compareTo(named[b]));
        if (order == null) {
            return false;
        }
        int size = length - start;
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        System.arraycopy(buffer, start, scratch, 0, size);
        length = start;
        put((byte) '{');
        for (int i = 0; i < count; i++) {
            int member = order[i];
            int from = member == 0 ? 0 : ends[member - 1] - start;
            int to = ends[member] - start;
            if (i > 0) {
                put((byte) ',');
            }
            string(names[member]);
            put((byte) ':');
            ensure(to - from);
            System.arraycopy(scratch, from, buffer, length, to - from);
            length += to - from;
        }
        put((byte) '}');
        return true;
    }

    /** An instant as {@link InstantText} writes it; false for a year outside 0 to 9999. */
    private boolean instant(Instant instant) {
        ensure(InstantText.MAX_LENGTH);
        int end = instants.write(instant, buffer, length);
        if (end < 0) {
            return false;
        }
        length = end;
        return true;
    }

    private void number(long value) {
        ascii(Long.toString(value));
    }

    private void string(String value) {
        int count = value.length();
        ensure(count + 2);
        // Copied as it is checked; a string that needs escapes or UTF-8 is written again over the copy.
        int at = length;
        buffer[at++] = '"';
        for (int i = 0; i < count; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                string(value.toCharArray(), 0, count);
                return;
            }
            buffer[at++] = (byte) c;
        }
        buffer[at++] = '"';
        length = at;
    }

    /** A JSON string literal as {@link CanonicalJson#appendString} writes it, in UTF-8. */
    private void string(char[] text, int offset, int count) {
        boolean plain = true;
        for (int i = offset; i < offset + count; i++) {
            char c = text[i];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            ensure(count + 2);
            buffer[length++] = '"';
            for (int i = offset; i < offset + count; i++) {
                buffer[length++] = (byte) text[i];
            }
            buffer[length++] = '"';
            return;
        }
        StringBuilder literal = new StringBuilder(count + 8);
        CanonicalJson.appendString(new String(text, offset, count), literal);
        byte[] bytes = literal.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private static byte[] bytes(String constant) {
        return constant.getBytes(StandardCharsets.US_ASCII);
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + more, buffer.length * 2));
        }
    }
}
