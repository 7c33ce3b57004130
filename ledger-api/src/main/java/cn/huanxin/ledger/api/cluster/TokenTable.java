package cn.huanxin.ledger.api.cluster;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The views' tokens as every node sees them: Axon's token store, read without claiming anything.
 * {@code TokenStore} itself offers only reads that claim, so this reads its table and turns each
 * token back into an object with the serializer the store wrote it with. The processors' status,
 * lag and owners shown to operators come from here, so every node answers the same.
 */
public final class TokenTable {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock;
    private final long claimTimeoutMillis;

    TokenTable(JdbcTemplate jdbc, Serializer serializer, Clock clock, long claimTimeoutMillis) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = clock;
        this.claimTimeoutMillis = claimTimeoutMillis;
    }

    /**
     * One segment of one processor.
     *
     * @param owner       the node holding the segment's claim, or null when none does (a claim that
     *                    expired is held by nobody: any node may take it)
     * @param claimedAt   when the claim was last renewed (or the token last stored)
     * @param position    the global position the segment has handled, or -1 before any event
     * @param replaying   whether the segment is replaying after a reset
     * @param resetAt     for a replaying segment, the position the replay must reach; else -1
     */
    public record Segment(String processor, int segment, String owner, Instant claimedAt, long position,
                          boolean replaying, long resetAt) {
    }

    /** Every processor's segments, by processor name, then segment. */
    public List<Segment> segments() {
        long now = clock.millis();
        return jdbc.query("SELECT processor_name, segment, owner, time_stamp, token, token_type FROM token_entry "
                + "ORDER BY processor_name, segment", (rs, row) -> {
            Instant claimedAt = instant(rs.getString(4));
            String owner = rs.getString(3);
            if (owner != null && claimedAt != null && now - claimedAt.toEpochMilli() >= claimTimeoutMillis) {
                owner = null;
            }
            TrackingToken token = token(rs.getBytes(5), rs.getString(6));
            boolean replaying = ReplayToken.isReplay(token);
            long resetAt = replaying ? position(((ReplayToken) token).getTokenAtReset()) : -1;
            return new Segment(rs.getString(1), rs.getInt(2), owner, claimedAt, position(token), replaying, resetAt);
        });
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return -1;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : -1;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
