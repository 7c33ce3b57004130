package cn.huanxin.ledger.projections.source;

import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fast path of {@link EventSource}: plain SQL on Axon's JDBC event table
 * ({@code domain_event_entry}), reading the stored bytes without Axon's message objects. On
 * PostgreSQL a long read streams through one server-side cursor; elsewhere it reads keyset pages.
 */
public final class JdbcEventSource implements EventSource {

    /** Rows fetched per round trip from a PostgreSQL cursor. */
    static final int FETCH_SIZE = 10_000;

    /** Rows per keyset page where there is no cursor. */
    static final int PAGE = 10_000;

    /** Ids or positions per {@code IN} list: far below every database's limit of parameters. */
    static final int IN_CHUNK = 500;

    private static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, "
            + "payload_type, payload_revision, payload, meta_data";

    private static final RowMapper<StoredEvent> ROW = (rs, row) -> new StoredEvent(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8));

    private static final String SELECT_RANGE = "SELECT " + COLUMNS + " FROM domain_event_entry "
            + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index";

    private final JdbcTemplate jdbc;

    public JdbcEventSource(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? BEFORE_FIRST : head;
    }

    @Override
    public void read(long after, long upTo, int batchSize, Consumer<List<StoredEvent>> sink) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (upTo <= after) {
            return;
        }
        Boolean streamed = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return false;
            }
            streamFromCursor(connection, after, upTo, batchSize, sink);
            return true;
        });
        if (!Boolean.TRUE.equals(streamed)) {
            readInPages(after, upTo, batchSize, sink);
        }
    }

    /**
     * One query through a PostgreSQL cursor: the driver fetches {@value #FETCH_SIZE} rows a round
     * trip only with autocommit off. Outside a transaction the cursor lives in a read-only
     * transaction of its own, rolled back at the end, and the connection is given back as it was
     * found; inside one (the seal's processor) it simply joins it.
     */
    private static void streamFromCursor(Connection connection, long after, long upTo, int batchSize,
                                         Consumer<List<StoredEvent>> sink) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement statement = connection.prepareStatement(SELECT_RANGE, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(Math.max(batchSize, Math.min(FETCH_SIZE, batchSize * 10)));
            // Rows in PostgreSQL's binary format: the payload and metadata columns arrive as their bytes
            // instead of hex text, which the server would encode and the driver decode again (a quarter
            // of the reading thread's time, and twice the bytes on the wire).
            if (statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            try (ResultSet rs = statement.executeQuery()) {
                List<StoredEvent> batch = new ArrayList<>(Math.min(batchSize, PAGE));
                while (rs.next()) {
                    batch.add(ROW.mapRow(rs, 0));
                    if (batch.size() == batchSize) {
                        sink.accept(batch);
                        batch = new ArrayList<>(Math.min(batchSize, PAGE));
                    }
                }
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                }
            }
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** Keyset pages, cut into batches. */
    private void readInPages(long after, long upTo, int batchSize, Consumer<List<StoredEvent>> sink) {
        long afterPosition = after;
        int pageSize = Math.max(batchSize, PAGE);
        while (afterPosition < upTo) {
            List<StoredEvent> page = jdbc.query(SELECT_RANGE + " LIMIT ?", ROW, afterPosition, upTo, pageSize);
            if (page.isEmpty()) {
                return;
            }
            for (int from = 0; from < page.size(); from += batchSize) {
                sink.accept(new ArrayList<>(page.subList(from, Math.min(page.size(), from + batchSize))));
            }
            afterPosition = page.get(page.size() - 1).position();
        }
    }

    @Override
    public List<StoredEvent> page(long after, long upTo, int limit) {
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SELECT_RANGE + " LIMIT ?");
            statement.setFetchSize(limit);
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            statement.setInt(3, limit);
            return statement;
        }, ROW);
    }

    @Override
    public List<StoredEvent> atPositions(Collection<Long> positions) {
        List<Long> all = new ArrayList<>(positions);
        List<StoredEvent> events = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            events.addAll(jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE global_index IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", ROW, chunk.toArray()));
        }
        events.sort(Comparator.comparingLong(StoredEvent::position));
        return events;
    }

    @Override
    public Map<String, Long> positionsOf(Collection<String> ledgerEventIds) {
        List<String> all = new ArrayList<>(ledgerEventIds);
        Map<String, Long> positions = new HashMap<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier IN ("
                            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return positions;
    }

    @Override
    public List<StoredEvent> stream(String streamId, int limit) {
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? ORDER BY sequence_number LIMIT ?");
            statement.setString(1, streamId);
            statement.setInt(2, limit);
            return statement;
        }, ROW);
    }

    @Override
    public boolean exists(String streamId) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = 0", Integer.class, streamId);
        return found != null && found > 0;
    }
}
