package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.core.common.IsoTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write side's own tables: receipts by idempotency key, and the stream directory (who created
 * each stream). Both are written in the transaction that appends the events, so a receipt exists if
 * and only if its event does.
 */
@Repository
public class ReceiptRepository {

    /** Keys per IN-list: one round trip for a whole chunk, well below every database's parameter limit. */
    private static final int IN_LIST_SIZE = 500;

    private static final RowMapper<Receipt> RECEIPT = (rs, row) -> new Receipt(
            rs.getString("ledger_event_id"), rs.getString("source"), rs.getString("event_id"),
            rs.getString("event_type"), rs.getString("stream_id"), rs.getLong("sequence_number"),
            Instant.parse(rs.getString("occurred_at")), Instant.parse(rs.getString("recorded_at")),
            rs.getString("payload_sha256"));

    private static final String RECEIPT_COLUMNS = "ledger_event_id, source, event_id, event_type, stream_id, "
            + "sequence_number, occurred_at, recorded_at, payload_sha256";

    private final JdbcTemplate jdbc;

    public ReceiptRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Receipt> find(String source, String eventId) {
        return jdbc.query("SELECT " + RECEIPT_COLUMNS + " FROM ingest_receipt WHERE source = ? AND event_id = ?",
                RECEIPT, source, eventId).stream().findFirst();
    }

    /** Receipts of one source for the given event ids, by event id. */
    public Map<String, Receipt> findAll(String source, Collection<String> eventIds) {
        Map<String, Receipt> found = new HashMap<>();
        List<String> ids = List.copyOf(Set.copyOf(eventIds));
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE));
            List<Object> args = new ArrayList<>(slice.size() + 1);
            args.add(source);
            args.addAll(slice);
            jdbc.query("SELECT " + RECEIPT_COLUMNS + " FROM ingest_receipt WHERE source = ? AND event_id IN ("
                    + "?,".repeat(slice.size() - 1) + "?)", RECEIPT, args.toArray())
                    .forEach(receipt -> found.put(receipt.eventId(), receipt));
        }
        return found;
    }

    public void insertAll(List<Receipt> receipts) {
        jdbc.batchUpdate("INSERT INTO ingest_receipt (" + RECEIPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                receipts, receipts.size(), (ps, r) -> {
                    ps.setString(1, r.ledgerEventId());
                    ps.setString(2, r.source());
                    ps.setString(3, r.eventId());
                    ps.setString(4, r.type());
                    ps.setString(5, r.streamId());
                    ps.setLong(6, r.sequence());
                    ps.setString(7, IsoTimes.text(r.occurredAt()));
                    ps.setString(8, IsoTimes.text(r.recordedAt()));
                    ps.setString(9, r.payloadSha256());
                });
    }

    /** The source that created each of the given streams that exist. */
    public Map<String, String> creators(Collection<String> streamIds) {
        Map<String, String> found = new HashMap<>();
        List<String> ids = List.copyOf(Set.copyOf(streamIds));
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE));
            jdbc.query("SELECT stream_id, created_by_source FROM ledger_stream WHERE stream_id IN ("
                            + "?,".repeat(slice.size() - 1) + "?)",
                    rs -> {
                        found.put(rs.getString(1), rs.getString(2));
                    }, slice.toArray());
        }
        return found;
    }

    public Optional<String> creator(String streamId) {
        return Optional.ofNullable(creators(List.of(streamId)).get(streamId));
    }

    /**
     * Takes the append lock until the transaction ends. Called after the chunk's commands have been
     * decided and just before its events are written, so the lock is held only for the append and
     * the commit: the global index of the events then follows the order of the commits, on one
     * ledger instance or several sharing one database.
     */
    public void lockAppends() {
        jdbc.queryForObject("SELECT id FROM ledger_append_lock WHERE id = 1 FOR UPDATE", Integer.class);
    }

    /** Records newly created streams; a stream is created once, by the first event that committed. */
    public void insertStreams(List<Receipt> creatingReceipts) {
        jdbc.batchUpdate("INSERT INTO ledger_stream (stream_id, created_by_source, created_ledger_event_id) "
                        + "VALUES (?, ?, ?)", creatingReceipts, creatingReceipts.size(), (ps, r) -> {
                    ps.setString(1, r.streamId());
                    ps.setString(2, r.source());
                    ps.setString(3, r.ledgerEventId());
                });
    }
}
