package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.Subtree;
import cn.huanxin.ledger.core.integrity.SubtreeHashes;
import cn.huanxin.ledger.core.integrity.TreeFrontier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The seal's tables ({@code V400__seal.sql}, next to the event store whose rows it commits to): the
 * leaves ({@code seal_leaf}: leaf index, the event's global position, leaf hash, ledger event id),
 * the hashes of every completed perfect subtree above the leaves ({@code seal_node}), the signed checkpoints ({@code seal_checkpoint}) and one state row
 * ({@code seal_state}: size, last position, the frontier, the last checkpoint). All but the state
 * row are append-only; the state row is the lock that orders the processor and the timed signer.
 */
public final class SealStore {

    /** The seal's progress: what is sealed, its right edge, and when it was last signed. */
    public record State(long treeSize, long lastPosition, TreeFrontier frontier, long lastCheckpointSize,
                        long lastCheckpointAtMillis) {
    }

    /** One sealed leaf: its index in the tree, the global position of its event, its hash. */
    public record SealedLeaf(long leafIndex, long position, byte[] leafHash) {
    }

    private static final RowMapper<SealedLeaf> LEAF = (rs, row) -> new SealedLeaf(rs.getLong("leaf_index"),
            rs.getLong("position"), rs.getBytes("leaf_hash"));

    /** A stored checkpoint with the position of the last event it covers. */
    public record StoredCheckpoint(Checkpoint checkpoint, long lastPosition) {
    }

    private static final RowMapper<StoredCheckpoint> CHECKPOINT = (rs, row) -> new StoredCheckpoint(
            new Checkpoint(rs.getLong("tree_size"), Hashes.hex(rs.getBytes("root_hash")), rs.getString("signed_at"),
                    rs.getString("key_id"), rs.getString("signature")), rs.getLong("last_position"));

    /** Values per {@code IN (...)} list. */
    private static final int IN_CHUNK = 500;

    private final JdbcTemplate jdbc;

    public SealStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the state row and locks it until the transaction ends. */
    public State lockState() {
        return readState(" FOR UPDATE");
    }

    /** Reads the state row without locking it. */
    public State state() {
        return readState("");
    }

    private State readState(String lock) {
        return jdbc.queryForObject("SELECT tree_size, last_position, frontier, last_checkpoint_size, "
                + "last_checkpoint_at FROM seal_state WHERE id = 1" + lock, (rs, row) -> {
            long size = rs.getLong(1);
            byte[] packed = rs.getBytes(3);
            List<byte[]> hashes = new ArrayList<>();
            for (int at = 0; packed != null && at < packed.length; at += 32) {
                hashes.add(Arrays.copyOfRange(packed, at, at + 32));
            }
            return new State(size, rs.getLong(2), TreeFrontier.of(size, hashes), rs.getLong(4), rs.getLong(5));
        });
    }

    public void saveState(long treeSize, long lastPosition, TreeFrontier frontier, long lastCheckpointSize,
                          long lastCheckpointAtMillis) {
        List<byte[]> hashes = frontier.hashes();
        byte[] packed = new byte[hashes.size() * 32];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, packed, i * 32, 32);
        }
        jdbc.update("UPDATE seal_state SET tree_size = ?, last_position = ?, frontier = ?, last_checkpoint_size = ?, "
                + "last_checkpoint_at = ? WHERE id = 1", treeSize, lastPosition, packed, lastCheckpointSize,
                lastCheckpointAtMillis);
    }

    /** Rows of {@code (leaf_index, position, leaf_hash, ledger_event_id)}. */
    public void insertLeaves(List<Object[]> leaves) {
        if (!leaves.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO seal_leaf (leaf_index, position, leaf_hash, ledger_event_id) "
                    + "VALUES (?, ?, ?, ?)", leaves);
        }
    }

    /** Rows of {@code (level, node_index, hash)}, levels 1 and up. */
    public void insertNodes(List<Object[]> nodes) {
        if (!nodes.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO seal_node (level, node_index, hash) VALUES (?, ?, ?)", nodes);
        }
    }

    public void insertCheckpoint(Checkpoint checkpoint, long lastPosition) {
        jdbc.update("INSERT INTO seal_checkpoint (tree_size, root_hash, signed_at, key_id, signature, last_position) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", checkpoint.treeSize(), checkpoint.rootHashBytes(),
                checkpoint.signedAt(), checkpoint.keyId(), checkpoint.signature(), lastPosition);
    }

    public Optional<StoredCheckpoint> latestCheckpoint() {
        return jdbc.query("SELECT * FROM seal_checkpoint ORDER BY tree_size DESC LIMIT 1", CHECKPOINT).stream()
                .findFirst();
    }

    public Optional<StoredCheckpoint> checkpoint(long treeSize) {
        return jdbc.query("SELECT * FROM seal_checkpoint WHERE tree_size = ?", CHECKPOINT, treeSize).stream()
                .findFirst();
    }

    /** Checkpoints with a tree size above {@code afterSize}, smallest first, at most {@code limit}. */
    public List<StoredCheckpoint> checkpointsAfter(long afterSize, int limit) {
        return jdbc.query("SELECT * FROM seal_checkpoint WHERE tree_size > ? ORDER BY tree_size LIMIT ?", CHECKPOINT,
                afterSize, limit);
    }

    /** The leaf index of the event at a global position, if it is sealed. */
    public OptionalLong leafIndexOf(long position) {
        List<Long> found = jdbc.queryForList("SELECT leaf_index FROM seal_leaf WHERE position = ?", Long.class,
                position);
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    /** The global positions of these sealed events by ledger event id; unsealed ones are absent. */
    public Map<String, Long> positionsOf(Collection<String> ledgerEventIds) {
        List<String> all = new ArrayList<>(ledgerEventIds);
        Map<String, Long> positions = new HashMap<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            jdbc.query("SELECT ledger_event_id, position FROM seal_leaf WHERE ledger_event_id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return positions;
    }

    /** Leaves from {@code fromIndex} on, in order, at most {@code limit}. */
    public List<SealedLeaf> leaves(long fromIndex, int limit) {
        return jdbc.query("SELECT leaf_index, position, leaf_hash FROM seal_leaf WHERE leaf_index >= ? "
                + "ORDER BY leaf_index LIMIT ?", LEAF, fromIndex, limit);
    }

    /** The sealed leaves of the events at these global positions, by position; unsealed ones are absent. */
    public Map<Long, SealedLeaf> leavesAt(List<Long> positions) {
        Map<Long, SealedLeaf> leaves = new HashMap<>();
        for (int from = 0; from < positions.size(); from += IN_CHUNK) {
            List<Long> chunk = positions.subList(from, Math.min(positions.size(), from + IN_CHUNK));
            jdbc.query("SELECT leaf_index, position, leaf_hash FROM seal_leaf WHERE position IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", LEAF, chunk.toArray())
                    .forEach(leaf -> leaves.put(leaf.position(), leaf));
        }
        return leaves;
    }

    /** The stored hashes of perfect subtrees, for {@code LogTree}: one query per level kind. */
    public SubtreeHashes subtrees() {
        return this::hashes;
    }

    private Map<Subtree, byte[]> hashes(Collection<Subtree> wanted) {
        Map<Subtree, byte[]> found = new HashMap<>();
        List<Subtree> leaves = wanted.stream().filter(s -> s.level() == 0).toList();
        List<Subtree> nodes = wanted.stream().filter(s -> s.level() > 0).toList();
        if (!leaves.isEmpty()) {
            String marks = String.join(",", Collections.nCopies(leaves.size(), "?"));
            jdbc.query("SELECT leaf_index, leaf_hash FROM seal_leaf WHERE leaf_index IN (" + marks + ")",
                    rs -> {
                        found.put(new Subtree(0, rs.getLong(1)), rs.getBytes(2));
                    }, leaves.stream().map(Subtree::index).toArray());
        }
        if (!nodes.isEmpty()) {
            StringBuilder where = new StringBuilder();
            List<Object> args = new ArrayList<>();
            for (Subtree node : nodes) {
                where.append(where.isEmpty() ? "" : " OR ").append("(level = ? AND node_index = ?)");
                args.add(node.level());
                args.add(node.index());
            }
            jdbc.query("SELECT level, node_index, hash FROM seal_node WHERE " + where, rs -> {
                found.put(new Subtree(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
            }, args.toArray());
        }
        return found;
    }
}
