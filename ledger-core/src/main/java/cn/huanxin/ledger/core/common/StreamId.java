package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * The identifier of one event stream, {@code kind:key} (for example {@code subsidy:S-320812-000001}).
 * It is also the Axon aggregate identifier: the kind prefix keeps the streams of different
 * aggregates apart in the one event table, where the identifier alone must be unique.
 */
public record StreamId(StreamKind kind, String key) {

    public StreamId {
        Objects.requireNonNull(kind, "kind");
        if (!OtherId.isValid(key)) {
            throw new IllegalArgumentException("stream key must be 1-64 of [A-Za-z0-9._:-]");
        }
    }

    public static StreamId of(StreamKind kind, Object key) {
        return new StreamId(kind, key.toString());
    }

    /** Parses {@code kind:key}; the key itself may contain colons. */
    @JsonCreator
    public static StreamId parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("stream id must be kind:key");
        }
        StreamKind kind = StreamKind.fromPrefix(value.substring(0, colon))
                .orElseThrow(() -> new IllegalArgumentException("unknown stream kind"));
        return new StreamId(kind, value.substring(colon + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return kind.prefix() + ":" + key;
    }
}
