package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.access.SensitiveReadRecorded;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import cn.huanxin.ledger.projections.support.ViewTables;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fraud view's engine: runs every rule over the events in global order, a batch at a time, keeps
 * the view's {@link EventTimeClock} and hands alerts to the {@link AlertStore}. It knows nothing of
 * Axon's processors: the live {@link FraudProjection} feeds it from the event stream, and an
 * investigation feeds a second instance, on its own database and with its own settings, from a slice
 * of history.
 * <p>
 * Inside a unit of work (a processor's batch) {@link #handle} only buffers the event; the batch is
 * decided when the root unit of work prepares to commit, in the same transaction as the processor's
 * token, so a batch that rolls back leaves every table and the clock as they were. For a batch, each
 * rule first reads its state for all keys of the batch's events, then decides event by event in
 * memory, then writes what changed; the alerts and the clock are written once at the end. At most
 * {@code maxBatch} events wait in memory: a larger unit of work is decided in parts, still in its one
 * transaction, with the same result. Outside a unit of work (tests, direct calls) an event is a
 * batch of one.
 * <p>
 * Each rule has a {@link RuleMemory} that it may fill with rows of its tables, so that the next batch
 * need not read them again; {@link RuleMemories} lends them to one batch (unit of work, or call of
 * {@link #process}) at a time and says when they can be trusted. A batch returns them when its unit of
 * work or transaction ends, saying whether it committed.
 * <p>
 * With read threads, the rules read their state for the first batch of a unit of work in parallel,
 * each read on a connection of its own outside the unit of work's transaction, while the processor's
 * thread waits for all of them: the database then works on several reads at once instead of one after
 * the other. That reads exactly what the transaction would: before its first batch, the transaction
 * has written nothing to the rules' tables, and whatever the view's earlier units of work wrote is
 * committed (the view's one segment is processed by one thread of one node at a time). A later batch
 * of the same unit of work (more than {@code maxBatch} events) must see the earlier one's writes, and
 * reads in the transaction; so do {@link #process} (investigations, tests) and views without read
 * threads.
 * <p>
 * With {@link RebuildLanes}, the units of work of a rebuild (the processor replaying) are decided on
 * several lanes, each with a connection and a transaction of its own, as an investigation's pages are;
 * every unit of work first makes sure no rebuild was interrupted part way through a batch.
 */
public final class FraudView {

    /** Events decided together at most, unless the constructor is told otherwise. */
    public static final int DEFAULT_MAX_BATCH = 5_000;

    /**
     * N of docs/fraud-rules.md: an alert keeps its first N and latest N evidence events and the count
     * of all, unless the constructor is told otherwise ({@code ledger.fraud.evidence-bound}).
     */
    public static final int DEFAULT_EVIDENCE_BOUND = 100;

    private final String bufferResource =
            FraudView.class.getName() + "@" + Integer.toHexString(System.identityHashCode(this));

    private final JdbcTemplate jdbc;
    private final List<FraudRule> rules;
    private final Map<Class<?>, boolean[]> readersByType = new ConcurrentHashMap<>();
    private final PolicyTable policy;
    private final RegionTable regions;
    private final AlertStore alerts;
    private final int maxBatch;
    private final int evidenceBound;
    private final RuleMemories memories;
    /** Where the rules read for a unit of work's first batch; null: on the processor's thread. */
    private final RuleReads reads;
    /** Where the rules decide the batches of {@link #process}; null: on the caller's thread. */
    private final RuleLanes lanes;
    /** Where the rules decide a rebuild's units of work, and who hears of an interrupted one. */
    private final RebuildLanes rebuildLanes;
    /** Names this view in the lane marks it leaves. */
    private final String owner = java.util.UUID.randomUUID().toString();
    /** What the rules' descriptors defer, gathered once: the rules are the view's for its life. */
    private final DeferredIndexes deferred;

    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener) {
        this(jdbc, rules, policy, regions, listener, DEFAULT_MAX_BATCH);
    }

    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch) {
        this(jdbc, rules, policy, regions, listener, maxBatch, DEFAULT_EVIDENCE_BOUND);
    }

    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch, int evidenceBound) {
        this(jdbc, rules, policy, regions, listener, maxBatch, evidenceBound, RuleMemory.DEFAULT_BOUND);
    }

    /** A view whose rules read on the processor's thread. */
    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch, int evidenceBound, long memoryBound) {
        this(jdbc, rules, policy, regions, listener, maxBatch, evidenceBound, memoryBound, 0);
    }

    /**
     * @param memoryBound entries each rule keeps between batches at most ({@link RuleMemory}); 0 keeps
     *                    nothing between batches
     * @param readThreads threads on which the rules read their state for a unit of work's first batch,
     *                    each on a connection of its own while it reads; 0 reads on the processor's
     *                    thread. Idle threads end after a while.
     */
    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch, int evidenceBound, long memoryBound, int readThreads) {
        this(jdbc, rules, policy, regions, listener, maxBatch, evidenceBound, memoryBound, 0, readThreads, null,
                RebuildLanes.NONE);
    }

    /**
     * The live view: as with {@code readThreads} above, and with {@code rebuildLanes} on which a
     * rebuild's units of work are decided (the rules must then each have tables of their own).
     */
    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch, int evidenceBound, long memoryBound, int readThreads,
                     RebuildLanes rebuildLanes) {
        this(jdbc, rules, policy, regions, listener, maxBatch, evidenceBound, memoryBound, 0, readThreads, null,
                Objects.requireNonNull(rebuildLanes, "rebuildLanes"));
        if (rebuildLanes.several()) {
            RuleLanes.requireOwnTables(this.rules);
        }
    }

    /**
     * A view whose rules decide the batches of {@link #process} on {@code lanes}, several at once, each
     * lane on a connection of its own (an investigation's scratch view); the rules must each have tables
     * of their own. Its {@link #handle} decides on the processor's thread, as any view's. With a
     * {@code rowsBound}, the rules' {@link KeyedRows} are held in memory from batch to batch, up to that
     * many entries a table, and the tables are written only with what exceeds it
     * ({@link RuleMemory#holdsRows}): for a view whose tables no one else reads and which is given up
     * when one of its batches fails. Its tables then do not hold every row the rules know, and must not
     * outlive the view. 0 holds nothing.
     */
    public FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                     AlertListener listener, int maxBatch, int evidenceBound, long memoryBound, long rowsBound,
                     RuleLanes lanes) {
        this(jdbc, rules, policy, regions, listener, maxBatch, evidenceBound, memoryBound, rowsBound, 0,
                Objects.requireNonNull(lanes, "lanes"), RebuildLanes.NONE);
        RuleLanes.requireOwnTables(this.rules);
    }

    private FraudView(JdbcTemplate jdbc, List<FraudRule> rules, PolicyTable policy, RegionTable regions,
                      AlertListener listener, int maxBatch, int evidenceBound, long memoryBound, long rowsBound,
                      int readThreads, RuleLanes lanes, RebuildLanes rebuildLanes) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        if (evidenceBound < 1) {
            throw new IllegalArgumentException("evidenceBound must be at least 1");
        }
        this.jdbc = jdbc;
        this.rules = List.copyOf(rules);
        this.policy = policy;
        this.regions = regions;
        this.alerts = new AlertStore(jdbc, listener, evidenceBound);
        this.maxBatch = maxBatch;
        this.evidenceBound = evidenceBound;
        this.memories = new RuleMemories(jdbc, this.rules.size(), memoryBound, rowsBound);
        this.reads = readThreads == 0 ? null : new RuleReads(readThreads);
        this.lanes = lanes != null && lanes.count() > 1 ? lanes : null;
        this.rebuildLanes = rebuildLanes;
        this.deferred = new DeferredIndexes(FraudProjection.PROCESSING_GROUP,
                this.rules.stream().flatMap(rule -> rule.descriptor().deferred().stream()).toList());
        Set<String> ids = new LinkedHashSet<>();
        for (FraudRule rule : this.rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule " + rule.id() + " is configured twice");
            }
        }
    }

    public List<FraudRule> rules() {
        return rules;
    }

    /** N: evidence events an alert keeps from its start and from its end. */
    public int evidenceBound() {
        return evidenceBound;
    }

    /**
     * Handles one event: buffered for the batch inside a unit of work, decided at once outside one.
     */
    public void handle(LedgerFact fact, RecordedEvent event) {
        handle(fact, event, false);
    }

    /**
     * Handles one event of a processor that is replaying history ({@code replaying}) or not. A unit of
     * work whose first event is replayed is decided on the {@link RebuildLanes}, when the view has
     * several.
     */
    public void handle(LedgerFact fact, RecordedEvent event, boolean replaying) {
        if (!judged(fact)) {
            return;
        }
        FraudEvent item = new FraudEvent(fact, event);
        if (!CurrentUnitOfWork.isStarted()) {
            process(List.of(item));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Pending pending = root.getOrComputeResource(bufferResource, key -> {
            rebuildLanes.refuseIfInterrupted(jdbc);
            Pending batch = new Pending(new ArrayList<>(), replaying && rebuildLanes.several());
            root.onPrepareCommit(u -> {
                if (!batch.events.isEmpty()) {
                    batch.decide();
                }
                if (batch.clock != null) {
                    batch.clock.persistIfChanged(jdbc);
                }
            });
            root.afterCommit(u -> {
                if (batch.lease != null) {
                    batch.lease.committed();
                }
            });
            root.onCleanup(u -> {
                if (batch.lease != null) {
                    batch.lease.release();
                }
            });
            return batch;
        });
        pending.events.add(item);
        if (pending.events.size() >= maxBatch) {
            pending.decide();
        }
    }

    /**
     * What one unit of work holds: its events not yet decided, the clock once read, the memories lent,
     * and whether a batch of it has been decided (and written) already.
     */
    private final class Pending {
        final List<FraudEvent> events;
        /** Whether the unit of work is decided on the rebuild lanes. */
        final boolean laned;
        EventTimeClock clock;
        RuleMemories.Lease lease;
        boolean decided;
        /** Each rule's lane, dealt at the first batch and kept for the unit of work. */
        int[] laneOf;

        Pending(List<FraudEvent> events, boolean laned) {
            this.events = events;
            this.laned = laned;
        }

        /** Decides the events held; only the first batch may read beside the transaction. */
        void decide() {
            if (laned) {
                // A rule keeps its lane for the unit of work: another lane's connection cannot see
                // what it wrote in the processor's transaction before that commits.
                if (laneOf == null) {
                    laneOf = rebuildLanes.lanes().deal(rules.size());
                }
                decideInLanes(List.copyOf(events), rebuildLanes.lanes(), laneOf, clock(), lease(), owner);
            } else {
                FraudView.this.decide(List.copyOf(events), clock(), lease(), !decided);
            }
            decided = true;
            events.clear();
        }

        /** The memories are borrowed with the unit of work's first decision, and returned at its end. */
        RuleMemories.Lease lease() {
            if (lease == null) {
                lease = memories.borrow();
            }
            return lease;
        }

        /** The clock is read once per unit of work and written at its end with everything else. */
        EventTimeClock clock() {
            if (clock == null) {
                clock = EventTimeClock.load(jdbc);
            }
            return clock;
        }
    }

    /**
     * Decides the events as batches of at most {@code maxBatch}, in order, and writes the results
     * and the clock: for callers that hold whole pages of history (investigations) and run each call
     * in a transaction of their own. Must not be called inside a unit of work that also uses
     * {@link #handle}.
     */
    public void process(List<FraudEvent> events) {
        RuleMemories.Lease lease = memories.borrow();
        boolean returnedLater = false;
        try {
            // Read for every call, not kept: the table is the one truth between calls and units of work.
            EventTimeClock clock = EventTimeClock.load(jdbc);
            // A rule keeps its lane for the whole call: a lane's connection cannot see what another's
            // wrote in the caller's transaction until it commits, after the call.
            int[] laneOf = lanes == null ? null : lanes.deal(rules.size());
            for (int from = 0; from < events.size(); from += maxBatch) {
                List<FraudEvent> part = events.subList(from, Math.min(events.size(), from + maxBatch));
                if (lanes != null) {
                    decideInLanes(part, lanes, laneOf, clock, lease, null);
                } else {
                    decide(part, clock, lease, false);
                }
            }
            clock.persistIfChanged(jdbc);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                // the caller's transaction decides whether the memories hold what the tables do
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        if (status == STATUS_COMMITTED) {
                            lease.committed();
                        }
                        lease.release();
                    }
                });
                returnedLater = true;
            } else {
                // no transaction: every statement above is committed already
                lease.committed();
            }
        } finally {
            if (!returnedLater) {
                lease.release();
            }
        }
    }

    /**
     * Clears every table of the view and of its rules, and forgets what the rules kept of them; on
     * PostgreSQL, also drops the indexes the rules' batches never read ({@link #deferredIndexes()}).
     */
    public void reset() {
        memories.reset();
        List<String> tables = new ArrayList<>(AlertStore.TABLES);
        tables.add("fraud_clock");
        tables.add(RebuildLanes.MARKS);
        rules.forEach(rule -> tables.addAll(rule.tables()));
        ViewTables.clear(jdbc, tables);
        deferred.drop(jdbc);
    }

    /**
     * The indexes of the rules' tables that their batches never read ({@link RuleDescriptor#deferred}):
     * dropped with the view's rows when it is rebuilt on PostgreSQL, and built once its replay is at
     * the head, before the view counts as current again.
     */
    public DeferredIndexes deferredIndexes() {
        return deferred;
    }

    /** Which rules read events of this type, by index in {@link #rules}. */
    private boolean[] readers(Class<?> type) {
        boolean[] known = readersByType.get(type);
        if (known != null) {
            // computeIfAbsent locks the bin when the type is not its first entry: once per event
            return known;
        }
        return readersByType.computeIfAbsent(type, t -> {
            boolean[] reads = new boolean[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                reads[i] = rules.get(i).reads().stream().anyMatch(read -> read.isAssignableFrom(t));
            }
            return reads;
        });
    }

    /**
     * Whether the view judges a fact at all. A read is no business fact: it raises nothing and must
     * not move the event-time clock (it happens now, while the facts it reads may be years old).
     */
    private static boolean judged(LedgerFact fact) {
        return !(fact instanceof SensitiveReadRecorded);
    }

    /**
     * One batch: each rule reads its state for the batch, decides every event in order, writes. With
     * {@code readAside}, the reads go to the read threads (when the view has them).
     */
    private void decide(List<FraudEvent> fed, EventTimeClock clock, RuleMemories.Lease lease, boolean readAside) {
        List<FraudEvent> events = fed.stream().filter(item -> judged(item.fact())).toList();
        new SerialDecision(events, rules, this::readers, policy, regions, evidenceBound)
                .decide(jdbc, clock, lease, alerts.batch(), readAside ? reads : null);
    }

    /**
     * One batch decided on the lanes, to the same tables, alerts and clock as {@link #decide}. With a
     * {@code mark}, each lane beyond the caller's leaves one in its transaction, and the caller's
     * transaction deletes them once every lane has committed ({@link RebuildLanes}).
     */
    private void decideInLanes(List<FraudEvent> fed, RuleLanes on, int[] laneOf, EventTimeClock clock,
                               RuleMemories.Lease lease, String mark) {
        List<FraudEvent> events = fed.stream().filter(item -> judged(item.fact())).toList();
        AlertStore.Batch raised = alerts.batch();
        new LanedDecision(events, rules, this::readers, clock, policy, regions, evidenceBound)
                .decide(on, laneOf, jdbc, lease, raised, mark);
        if (mark != null) {
            RebuildLanes.clearMarks(jdbc);
        }
        raised.flush(clock);
    }

    // ---- queries

    public AlertsView alerts(FindAlertsQuery query) {
        return alerts.alerts(query);
    }

    public List<AlertView> merchantAlerts(FindMerchantAlertsQuery query) {
        return alerts.merchantAlerts(query);
    }

    public Optional<AlertView> alert(String alertId) {
        return alerts.alert(alertId);
    }

    public List<RuleView> catalogue() {
        return rules.stream().map(r -> new RuleView(r.id(), r.name(), r.severity(), r.parameters())).toList();
    }
}
