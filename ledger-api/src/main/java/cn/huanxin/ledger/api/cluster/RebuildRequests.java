package cn.huanxin.ledger.api.cluster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rebuilds asked of any node, in {@code ledger_rebuild}, and which nodes have stopped the view's
 * processor for each ({@code ledger_rebuild_stop}). The table is how the node that received a
 * rebuild tells the others to let go of the view, and how they learn that it is done.
 */
final class RebuildRequests {

    static final String REQUESTED = "REQUESTED";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";

    /** An open request. */
    record Request(String requestId, String processor, String requestedBy, long requestedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RebuildRequests(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Records a new request of this node for the processor and returns its id, unless a request of a
     * live node is open for it already. The check and the insert hold one lock row, so two nodes
     * asked at once cannot both open a request.
     */
    Optional<String> openUnlessOpen(String processor, String node, Collection<String> liveNodes) {
        return transactions.execute(status -> {
            jdbc.queryForObject("SELECT id FROM ledger_rebuild_lock WHERE id = 1 FOR UPDATE", Integer.class);
            boolean open = open().stream()
                    .anyMatch(r -> r.processor().equals(processor) && liveNodes.contains(r.requestedBy()));
            return open ? Optional.<String>empty() : Optional.of(open(processor, node));
        });
    }

    /** Records a new request of this node for the processor and returns its id. */
    String open(String processor, String node) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO ledger_rebuild (request_id, processor_name, requested_by, requested_at, state) "
                + "VALUES (?, ?, ?, ?, ?)", id, processor, node, clock.millis(), REQUESTED);
        return id;
    }

    /** The requests not finished yet, oldest first. */
    List<Request> open() {
        return jdbc.query("SELECT request_id, processor_name, requested_by, requested_at FROM ledger_rebuild "
                        + "WHERE state = ? ORDER BY requested_at, request_id",
                (rs, row) -> new Request(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                REQUESTED);
    }

    /** Says that this node has stopped the processor for the request. */
    void stopped(String requestId, String node) {
        if (jdbc.update("UPDATE ledger_rebuild_stop SET stopped_at = ? WHERE request_id = ? AND node_id = ?",
                clock.millis(), requestId, node) == 0) {
            jdbc.update("INSERT INTO ledger_rebuild_stop (request_id, node_id, stopped_at) VALUES (?, ?, ?)",
                    requestId, node, clock.millis());
        }
    }

    /** The nodes that have stopped the processor for the request. */
    Set<String> stoppedNodes(String requestId) {
        return new HashSet<>(jdbc.queryForList("SELECT node_id FROM ledger_rebuild_stop WHERE request_id = ?",
                String.class, requestId));
    }

    /** Ends an open request; returns false when it was no longer open. */
    boolean finish(String requestId, String state, String detail) {
        String shortened = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
        return jdbc.update("UPDATE ledger_rebuild SET state = ?, finished_at = ?, detail = ? "
                + "WHERE request_id = ? AND state = ?", state, clock.millis(), shortened, requestId, REQUESTED) == 1;
    }
}
