package cn.huanxin.ledger.projections.seal;

import cn.huanxin.ledger.core.integrity.CanonicalEncoder;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.TreeFrontier;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Re-verification of the whole ledger ({@code POST /api/v1/ledger/verify}): re-reads every
 * stored event in global order, recomputes its canonical form and leaf hash, compares them with the
 * sealed leaves, rebuilds the tree from the recomputed leaves alone and compares its root at every
 * signed checkpoint, whose signature it checks too. It reports the first position that differs.
 *
 * <p>What each check catches: a stored event changed after it was sealed (its leaf differs from the
 * sealed leaf); an event deleted or inserted (positions no longer line up with the sealed leaves);
 * the seal's own tables changed to match a changed event (the recomputed root no longer equals the
 * signed one); a checkpoint altered (its signature fails).
 *
 * <p>How it keeps up with the disk: the events are read through the {@link EventSource} (on the JDBC
 * store's fast path with PostgreSQL, one query through a server-side cursor; elsewhere in keyset
 * pages or through Axon's event stream), up to the head position at the start, and cut into batches of
 * {@value #BATCH} events, which are hashed on every core while the reading goes on; one more thread
 * compares the batches in reading order (sealed leaves, the rebuilt tree, checkpoint signatures), so
 * that the reading thread only reads, and the comparison — and the first mismatch reported — is
 * exactly that of a single thread reading event after event. Memory is bounded: at most
 * {@link #MAX_IN_FLIGHT} batches wait, sealed leaves are read in pages, and the tree is rebuilt with
 * its frontier only.
 */
public final class SealVerifier {

    /** Events hashed as one task. */
    static final int BATCH = 1_000;

    /** Sealed leaves read per query. */
    static final int LEAF_PAGE = 10_000;

    /** Threads that hash while the reading goes on: every core. */
    static final int HASH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** Batches read and handed to the hashing threads but not compared yet. */
    static final int MAX_IN_FLIGHT = 4 * HASH_THREADS + 4;

    /** The first difference found. */
    public record Mismatch(long position, String ledgerEventId, Long leafIndex, String reason) {
    }

    /**
     * The outcome: how many events were checked, whether all matched, the first difference, and
     * the extent of what was compared.
     */
    public record Result(long checked, boolean valid, Mismatch firstMismatch, long mismatches, long sealedLeaves,
                         long checkpointsChecked, long unsealed, long elapsedMillis) {
    }

    private final EventSource events;
    private final SealStore store;
    private final Function<String, Optional<PublicKey>> keys;

    /** A verifier that checks every checkpoint with one key. */
    public SealVerifier(JdbcTemplate jdbc, EventSource events, PublicKey publicKey) {
        this(jdbc, events, keyId -> Optional.of(publicKey));
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * A verifier that checks each checkpoint with the key its {@code keyId} names, so that
     * checkpoints signed before a key rotation verify with the key that signed them.
     *
     * @param keys the public key of a key id, empty for a key the ledger never had
     */
    public SealVerifier(JdbcTemplate jdbc, EventSource events, Function<String, Optional<PublicKey>> keys) {
        this.events = events;
        this.store = new SealStore(jdbc);
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Verifies everything stored. {@code progress} receives the number of events checked so far
     * after each batch.
     */
    public Result verify(LongConsumer progress) {
        long started = System.nanoTime();
        SealStore.State state = store.state();
        long sealed = state.treeSize();
        Run run = new Run(sealed);
        ExecutorService hasher = Executors.newFixedThreadPool(HASH_THREADS, r -> {
            Thread thread = new Thread(r, "ledger-verify-hash");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService comparer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "ledger-verify-compare");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // The batches in reading order, compared on a thread of their own: the reading thread only
            // reads, and a batch waits for its leaves there, not here.
            BlockingQueue<Batch> inFlight = new ArrayBlockingQueue<>(MAX_IN_FLIGHT);
            Future<?> comparing = comparer.submit(() -> {
                for (Batch batch = inFlight.take(); batch != END; batch = inFlight.take()) {
                    compare(run, batch, progress);
                }
                return null;
            });
            events.read(EventSource.BEFORE_FIRST, events.head(), BATCH, batch ->
                    hand(inFlight, new Batch(batch, hasher.submit(() -> leaves(batch))), comparing));
            hand(inFlight, END, comparing);
            get(comparing);
            run.finish();
        } finally {
            comparer.shutdownNow();
            hasher.shutdownNow();
        }
        return new Result(run.checked, run.mismatches == 0, run.first, run.mismatches, sealed, run.checkpointsChecked,
                run.unsealed, (System.nanoTime() - started) / 1_000_000);
    }

    /** Marks the end of the batches. */
    private static final Batch END = new Batch(List.of(), null);

    /** Queues a batch for the comparing thread, waiting for room; fails as it failed if it stopped. */
    private static void hand(BlockingQueue<Batch> inFlight, Batch batch, Future<?> comparing) {
        try {
            while (!inFlight.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (comparing.isDone()) {
                    get(comparing);
                    throw new IllegalStateException("the comparison stopped before the last batch");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification was interrupted", e);
        }
    }

    private static void compare(Run run, Batch batch, LongConsumer progress) {
        run.compare(batch.events(), get(batch.leaves()));
        progress.accept(run.checked);
    }

    /** A batch of events and, once hashed, their leaves. */
    private record Batch(List<StoredEvent> events, Future<List<byte[]>> leaves) {
    }

    /** Leaf hashes of a batch; {@code null} for an event without a canonical form. */
    private static List<byte[]> leaves(List<StoredEvent> events) {
        List<byte[]> leaves = new ArrayList<>(events.size());
        CanonicalEncoder encoder = new CanonicalEncoder();
        for (StoredEvent event : events) {
            byte[] leaf;
            try {
                leaf = event.leafHash(encoder);
            } catch (StoredEvent.UnencodableEventException e) {
                leaf = null;
            }
            leaves.add(leaf);
        }
        return leaves;
    }

    private static <T> T get(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("hashing or comparing failed", e.getCause());
        }
    }

    /** The comparison state of one verification. */
    private final class Run {
        private final long sealed;
        private final TreeFrontier frontier = new TreeFrontier();
        private final Deque<SealStore.SealedLeaf> leafPage = new ArrayDeque<>();
        private final Deque<SealStore.StoredCheckpoint> checkpoints = new ArrayDeque<>();
        /** The keys found so far, by id: read once per verification, not twice per checkpoint. */
        private final Map<String, PublicKey> foundKeys = new HashMap<>();
        private long nextLeaf;
        private long checkpointsAfter;
        private boolean checkpointsExhausted;
        private long checked;
        private long unsealed;
        private long mismatches;
        private long checkpointsChecked;
        private Mismatch first;

        Run(long sealed) {
            this.sealed = sealed;
        }

        void compare(List<StoredEvent> events, List<byte[]> leaves) {
            for (int i = 0; i < events.size(); i++) {
                StoredEvent event = events.get(i);
                byte[] leaf = leaves.get(i);
                checked++;
                long leafIndex = frontier.size();
                if (leafIndex >= sealed) {
                    unsealed++;
                    if (leaf == null) {
                        mismatch(event.position(), event.ledgerEventId(), null,
                                "the stored event has no canonical form (not sealed yet)");
                    }
                    continue;
                }
                SealStore.SealedLeaf sealedLeaf = nextSealedLeaf();
                // A sealed event that the store no longer holds: report it, and keep the rebuilt tree
                // aligned with the sealed one by taking the sealed leaf in its place.
                while (sealedLeaf != null && sealedLeaf.position() < event.position()) {
                    mismatch(sealedLeaf.position(), null, sealedLeaf.leafIndex(), "the sealed event at position "
                            + sealedLeaf.position() + " is missing from the store");
                    frontier.append(sealedLeaf.leafHash());
                    checkCheckpoint(event);
                    sealedLeaf = frontier.size() < sealed ? nextSealedLeaf() : null;
                }
                if (sealedLeaf == null || sealedLeaf.position() > event.position()) {
                    // An event the seal never saw, between sealed ones: inserted behind the ledger's back.
                    mismatch(event.position(), event.ledgerEventId(), null, "the store holds an event at position "
                            + event.position() + " that was never sealed, between sealed events");
                    if (sealedLeaf != null) {
                        pushBack(sealedLeaf);
                    }
                    continue;
                }
                leafIndex = sealedLeaf.leafIndex();
                if (leaf == null) {
                    mismatch(event.position(), event.ledgerEventId(), leafIndex,
                            "the stored event has no canonical form any more");
                } else if (!MessageDigest.isEqual(leaf, sealedLeaf.leafHash())) {
                    mismatch(event.position(), event.ledgerEventId(), leafIndex,
                            "the stored event's leaf hash " + Hashes.hex(leaf) + " differs from the sealed leaf "
                                    + Hashes.hex(sealedLeaf.leafHash()));
                }
                // The tree is rebuilt from the recomputed leaves only, so a seal table edited to match
                // an edited event still fails at the next signed root.
                frontier.append(leaf == null ? new byte[32] : leaf);
                checkCheckpoint(event);
            }
        }

        void finish() {
            while (frontier.size() < sealed) {
                SealStore.SealedLeaf missing = nextSealedLeaf();
                mismatch(missing.position(), null, missing.leafIndex(), "the sealed event at position " + missing.position()
                        + " is missing from the store");
                frontier.append(missing.leafHash());
            }
            while (true) {
                SealStore.StoredCheckpoint next = nextCheckpoint();
                if (next == null) {
                    break;
                }
                checkpoints.poll();
                mismatch(next.lastPosition(), null, null, "checkpoint of " + next.checkpoint().treeSize()
                        + " leaves covers more events than the store holds");
            }
        }

        private void checkCheckpoint(StoredEvent event) {
            SealStore.StoredCheckpoint next = nextCheckpoint();
            while (next != null && next.checkpoint().treeSize() <= frontier.size()) {
                checkpoints.poll();
                Checkpoint checkpoint = next.checkpoint();
                checkpointsChecked++;
                if (checkpoint.treeSize() < frontier.size()) {
                    mismatch(event.position(), event.ledgerEventId(), frontier.size() - 1, "checkpoint of "
                            + checkpoint.treeSize() + " leaves was skipped");
                } else if (!Hashes.hex(frontier.root()).equals(checkpoint.rootHash())) {
                    mismatch(event.position(), event.ledgerEventId(), frontier.size() - 1,
                            "the root recomputed from the stored events differs from the signed checkpoint of "
                                    + checkpoint.treeSize() + " leaves");
                } else if (key(checkpoint.keyId()) == null) {
                    mismatch(event.position(), event.ledgerEventId(), frontier.size() - 1,
                            "the checkpoint of " + checkpoint.treeSize() + " leaves names key " + checkpoint.keyId()
                                    + ", which is not one of the ledger's keys");
                } else if (!checkpoint.verify(key(checkpoint.keyId()), SealSignatures::verify)) {
                    mismatch(event.position(), event.ledgerEventId(), frontier.size() - 1,
                            "the signature of the checkpoint of " + checkpoint.treeSize() + " leaves is not valid");
                }
                next = nextCheckpoint();
            }
        }

        /**
         * The public key of a key id, or {@code null} for an id the ledger does not have. A key found
         * is kept for the rest of the verification (keys are only ever added); an id not found is
         * asked for again.
         */
        private PublicKey key(String keyId) {
            PublicKey key = foundKeys.get(keyId);
            if (key == null) {
                key = keys.apply(keyId).orElse(null);
                if (key != null) {
                    foundKeys.put(keyId, key);
                }
            }
            return key;
        }

        /** The next sealed leaf; the seal's tables are append-only. */
        private SealStore.SealedLeaf nextSealedLeaf() {
            if (leafPage.isEmpty()) {
                leafPage.addAll(store.leaves(nextLeaf, LEAF_PAGE));
                if (leafPage.isEmpty()) {
                    throw new IllegalStateException("the seal's state counts " + sealed + " leaves but leaf "
                            + nextLeaf + " is missing from seal_leaf");
                }
            }
            SealStore.SealedLeaf leaf = leafPage.poll();
            if (leaf.leafIndex() != nextLeaf) {
                throw new IllegalStateException("the seal's leaf " + nextLeaf + " is missing from seal_leaf");
            }
            nextLeaf++;
            return leaf;
        }

        private void pushBack(SealStore.SealedLeaf leaf) {
            leafPage.addFirst(leaf);
            nextLeaf--;
        }

        private SealStore.StoredCheckpoint nextCheckpoint() {
            if (checkpoints.isEmpty() && !checkpointsExhausted) {
                // Only checkpoints of the tree as it stood when verification began; the seal may sign
                // newer ones meanwhile.
                List<SealStore.StoredCheckpoint> page = store.checkpointsAfter(checkpointsAfter, 1_000).stream()
                        .filter(c -> c.checkpoint().treeSize() <= sealed).toList();
                if (page.isEmpty()) {
                    checkpointsExhausted = true;
                } else {
                    checkpoints.addAll(page);
                    checkpointsAfter = page.get(page.size() - 1).checkpoint().treeSize();
                }
            }
            return checkpoints.peek();
        }

        private void mismatch(long position, String ledgerEventId, Long leafIndex, String reason) {
            mismatches++;
            if (first == null) {
                first = new Mismatch(position, ledgerEventId, leafIndex, reason);
            }
        }
    }
}
