package cn.huanxin.ledger.api.cluster;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes running on this database, from their heartbeats in {@code ledger_node}. A node holding
 * no segment yet appears nowhere in the token store, so the balancer learns of it here. A node that
 * stops cleanly removes its row; one that died keeps a row whose heartbeat ages past the node
 * timeout, and rows long dead are removed by the survivors.
 */
public final class NodeRegistry {

    /** How many node timeouts a dead node's row is kept for the operators to see. */
    private static final int FORGET_AFTER_TIMEOUTS = 30;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String self;
    private final long timeoutMillis;
    private final long startedAt;

    NodeRegistry(JdbcTemplate jdbc, Clock clock, String self, long timeoutMillis) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.self = self;
        this.timeoutMillis = timeoutMillis;
        this.startedAt = clock.millis();
    }

    /** One node as the table shows it. */
    public record Node(String nodeId, Instant startedAt, Instant lastSeenAt, boolean live, boolean self) {
    }

    public String self() {
        return self;
    }

    /** Says this node is alive now, and forgets nodes dead for long. */
    void beat() {
        long now = clock.millis();
        // started_at too: a node restarted under its name replaces the row its earlier run left.
        if (jdbc.update("UPDATE ledger_node SET started_at = ?, last_seen_at = ? WHERE node_id = ?", startedAt, now,
                self) == 0) {
            jdbc.update("INSERT INTO ledger_node (node_id, started_at, last_seen_at) VALUES (?, ?, ?)",
                    self, startedAt, now);
        }
        jdbc.update("DELETE FROM ledger_node WHERE last_seen_at < ?", now - FORGET_AFTER_TIMEOUTS * timeoutMillis);
    }

    /** Removes this node's row: it stops, and must not be counted on until then. */
    void leave() {
        jdbc.update("DELETE FROM ledger_node WHERE node_id = ?", self);
    }

    /** Every node in the table, oldest first; this node counts as live (it is running this code). */
    public List<Node> nodes() {
        long now = clock.millis();
        return jdbc.query("SELECT node_id, started_at, last_seen_at FROM ledger_node ORDER BY started_at, node_id",
                (rs, row) -> {
                    String id = rs.getString(1);
                    long lastSeen = rs.getLong(3);
                    boolean isSelf = id.equals(self);
                    return new Node(id, Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(lastSeen),
                            isSelf || now - lastSeen < timeoutMillis, isSelf);
                });
    }

    /** The names of the nodes whose last heartbeat is younger than {@code millis}, this one included. */
    public List<String> beatingWithin(long millis) {
        long now = clock.millis();
        List<String> beating = new ArrayList<>(nodes().stream()
                .filter(node -> node.self() || now - node.lastSeenAt().toEpochMilli() < millis)
                .map(Node::nodeId).toList());
        if (!beating.contains(self)) {
            beating.add(self);
        }
        return beating;
    }

    /** The names of the live nodes, this one included. */
    public List<String> live() {
        List<String> live = new ArrayList<>(nodes().stream().filter(Node::live).map(Node::nodeId).toList());
        if (!live.contains(self)) {
            live.add(self);
        }
        return live;
    }
}
