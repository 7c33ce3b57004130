package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.core.integrity.CanonicalEncoder;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.LogTree;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.core.integrity.TreeFrontier;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger's Merkle log (docs/integrity.md): appends every recorded event as a leaf, in
 * global order, and signs checkpoints of the tree with the ledger's Ed25519 key. Every method
 * expects to run inside a database transaction (the seal processor's, or one its caller opens);
 * they all lock the one state row first, so the processor and a timed or on-demand signer never
 * interleave.
 *
 * <p>Signing times are the wall clock, the one thing in the seal that a replay would not repeat;
 * that is why the seal is never replayed (its processor disallows resets): a checkpoint once signed
 * is a statement the ledger made at that time, and rebuilding the log could only hide tampering.
 */
public final class Seal {

    private static final Logger log = LoggerFactory.getLogger(Seal.class);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final EventSource events;
    private final SealStore store;
    private final SigningKey key;
    private final SealSettings settings;
    private final Clock clock;

    public Seal(JdbcTemplate jdbc, EventSource events, SigningKey key, SealSettings settings, Clock clock) {
        this.events = events;
        this.store = new SealStore(jdbc);
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    public SealStore store() {
        return store;
    }

    public SigningKey key() {
        return key;
    }

    /**
     * Appends the events at these global positions, which must all be newer than the last sealed
     * one, read back from the event store as stored. Signs a checkpoint each time the tree reaches
     * a multiple of {@code checkpointEvery} leaves.
     *
     * @param positions the positions of one processor batch, ascending
     * @throws IllegalStateException if an event is delivered twice, out of order, or cannot be read
     */
    public void append(List<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        SealStore.State state = store.lockState();
        long first = positions.get(0);
        long last = positions.get(positions.size() - 1);
        // An empty seal has seen nothing, whatever its state row says: Axon Server numbers its first
        // event 0, the JDBC store 1.
        long previous = state.treeSize() == 0 ? EventSource.BEFORE_FIRST : state.lastPosition();
        if (first <= previous) {
            throw new IllegalStateException("the seal already holds position " + state.lastPosition()
                    + " and was handed position " + first + ": events must reach it once and in order");
        }
        Set<Long> wanted = new HashSet<>(positions);
        List<StoredEvent> events = new ArrayList<>(positions.size());
        this.events.read(first - 1, last, positions.size(), batch -> batch.stream()
                .filter(event -> wanted.contains(event.position())).forEach(events::add));
        if (events.size() != wanted.size()) {
            throw new IllegalStateException("the seal was handed " + wanted.size() + " events between positions "
                    + first + " and " + last + " but the event store holds " + events.size() + " of them");
        }
        TreeFrontier frontier = state.frontier();
        List<Object[]> leaves = new ArrayList<>(events.size());
        List<Object[]> nodes = new ArrayList<>(events.size());
        List<Checkpoint> checkpoints = new ArrayList<>();
        CanonicalEncoder encoder = new CanonicalEncoder();
        for (StoredEvent event : events) {
            if (event.position() <= previous) {
                throw new IllegalStateException("events out of order at position " + event.position());
            }
            previous = event.position();
            byte[] leaf = event.leafHash(encoder);
            long leafIndex = frontier.size();
            for (TreeFrontier.Completed completed : frontier.append(leaf)) {
                if (completed.subtree().level() == 0) {
                    leaves.add(new Object[]{leafIndex, event.position(), completed.hash(), event.ledgerEventId()});
                } else {
                    nodes.add(new Object[]{completed.subtree().level(), completed.subtree().index(), completed.hash()});
                }
            }
            if (frontier.size() % settings.checkpointEvery() == 0) {
                checkpoints.add(Checkpoint.sign(frontier.size(), frontier.root(), now(), key));
                store.insertCheckpoint(checkpoints.get(checkpoints.size() - 1), event.position());
            }
        }
        store.insertLeaves(leaves);
        store.insertNodes(nodes);
        long lastCheckpointSize = state.lastCheckpointSize();
        long lastCheckpointAt = state.lastCheckpointAtMillis();
        if (!checkpoints.isEmpty()) {
            lastCheckpointSize = checkpoints.get(checkpoints.size() - 1).treeSize();
            lastCheckpointAt = clock.millis();
        }
        store.saveState(frontier.size(), last, frontier, lastCheckpointSize, lastCheckpointAt);
    }

    /**
     * Signs a checkpoint of the whole sealed tree when leaves have waited unsigned for at least the
     * checkpoint interval. Called periodically.
     */
    public Optional<Checkpoint> checkpointIfDue() {
        // A look without the lock first: most calls find nothing due and need not wait for the seal.
        if (!due(store.state())) {
            return Optional.empty();
        }
        SealStore.State state = store.lockState();
        return due(state) ? Optional.of(sign(state)) : Optional.empty();
    }

    private boolean due(SealStore.State state) {
        return state.treeSize() > state.lastCheckpointSize()
                && clock.millis() - state.lastCheckpointAtMillis() >= settings.checkpointInterval().toMillis();
    }

    /**
     * The checkpoint of the whole sealed tree, signed now unless the latest checkpoint already
     * covers every sealed leaf ("checkpoints on demand").
     *
     * @return the checkpoint, and whether it is new
     */
    public Signed checkpointNow() {
        SealStore.State state = store.lockState();
        if (state.treeSize() == state.lastCheckpointSize()) {
            Optional<SealStore.StoredCheckpoint> latest = store.latestCheckpoint();
            if (latest.isPresent()) {
                return new Signed(latest.get().checkpoint(), false);
            }
        }
        return new Signed(sign(state), true);
    }

    /** A checkpoint and whether this call signed it. */
    public record Signed(Checkpoint checkpoint, boolean created) {
    }

    private Checkpoint sign(SealStore.State state) {
        Checkpoint checkpoint = Checkpoint.sign(state.treeSize(), state.frontier().root(), now(), key);
        store.insertCheckpoint(checkpoint, state.lastPosition());
        store.saveState(state.treeSize(), state.lastPosition(), state.frontier(), state.treeSize(), clock.millis());
        log.debug("Signed checkpoint of {} leaves", state.treeSize());
        return checkpoint;
    }

    /** The root of the sealed tree at any size up to the current one. */
    public byte[] root(long treeSize) {
        return LogTree.root(store.subtrees(), treeSize);
    }

    private String now() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atZone(SHANGHAI).toOffsetDateTime());
    }
}
