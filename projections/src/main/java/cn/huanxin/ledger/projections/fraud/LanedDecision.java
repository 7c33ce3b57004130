package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One batch decided on {@link RuleLanes}: the same tables, alerts and clock as {@link SerialDecision},
 * which takes event after event and hands each to every rule that reads it (after {@code onNewDay} to
 * every rule when the event starts a later day).
 * <p>
 * The rules do not see one another: each reads and writes its own tables, and shares with the others
 * only the event-time clock, which moves with the events alone, and the alerts, which it only adds to.
 * So each rule can take the batch on its own — begin, every event it reads and every new day in order,
 * flush — on any lane, in any order, if it sees the clock as it stood at each event and if its alerts
 * are put back in the one-thread order afterwards. Here the clock is moved over the batch first, and
 * each event's "now" and day are kept; each alert a rule raises is tagged with the event, whether it
 * came from {@code onNewDay} (before the event) or from the event, the rule's position and its own
 * count; the batch's dispositions are tagged with their event; sorted by these tags, the alerts and
 * dispositions reach the {@link AlertStore} in exactly the one-thread order, and the store numbers
 * them as it always did.
 */
final class LanedDecision {

    /** Where the one-thread loop would have raised an alert, or taken a disposition ({@code rule} -1). */
    private record Tagged(int event, int phase, int rule, int seq, AlertDraft draft, long nowMicros,
                          AlertDispositioned disposition) {
    }

    private static final int NEW_DAY = 0;
    private static final int EVENT = 1;

    private static final Comparator<Tagged> ONE_THREAD_ORDER = Comparator.comparingInt(Tagged::event)
            .thenComparingInt(Tagged::phase).thenComparingInt(Tagged::rule).thenComparingInt(Tagged::seq);

    private final List<FraudEvent> events;
    private final List<FraudRule> rules;
    private final PolicyTable policy;
    private final RegionTable regions;
    private final int evidenceBound;
    /** The batch's events that start a later day, in order. */
    private final int[] newDays;
    private final LocalDate[] today;
    private final long[] nowMicros;
    /** For each rule, the positions of the batch's events it reads, in order. */
    private final int[][] reads;

    /**
     * Moves the clock over the batch and notes, for each rule, which events it reads.
     *
     * @param events  the batch, judged events only, in global order
     * @param readers which rules read an event of a type
     */
    LanedDecision(List<FraudEvent> events, List<FraudRule> rules, Function<Class<?>, boolean[]> readers,
                  EventTimeClock clock, PolicyTable policy, RegionTable regions, int evidenceBound) {
        this.events = events;
        this.rules = rules;
        this.policy = policy;
        this.regions = regions;
        this.evidenceBound = evidenceBound;
        int n = events.size();
        this.today = new LocalDate[n];
        this.nowMicros = new long[n];
        int[] days = new int[n];
        int dayCount = 0;
        int[][] positions = new int[rules.size()][n];
        int[] counts = new int[rules.size()];
        for (int k = 0; k < n; k++) {
            FraudEvent item = events.get(k);
            if (clock.advance(item.event())) {
                days[dayCount++] = k;
            }
            today[k] = clock.today();
            nowMicros[k] = clock.nowMicros();
            if (item.fact() instanceof AlertDispositioned) {
                continue;
            }
            boolean[] reading = readers.apply(item.fact().getClass());
            for (int i = 0; i < reading.length; i++) {
                if (reading[i]) {
                    positions[i][counts[i]++] = k;
                }
            }
        }
        this.newDays = Arrays.copyOf(days, dayCount);
        this.reads = new int[rules.size()][];
        for (int i = 0; i < rules.size(); i++) {
            reads[i] = Arrays.copyOf(positions[i], counts[i]);
        }
    }

    /**
     * Decides the batch: every lane's rules ({@code laneOf}, dealt by {@link RuleLanes#deal}) on its
     * thread (the first lane's on the caller's, in its transaction), each other lane in a transaction
     * of its own; then hands the alerts and dispositions to
     * {@code raised} in the one-thread order. Returns when every lane has ended, and throws the first
     * failure then, so that no lane still works with the rules' memories. With a {@code mark}, each
     * other lane also writes a row to {@code fraud_lane_mark} before it commits ({@link RebuildLanes}).
     */
    void decide(RuleLanes lanes, int[] laneOf, JdbcTemplate own, RuleMemories.Lease lease, AlertStore.Batch raised,
                String mark) {
        List<CompletableFuture<List<Tagged>>> others = new ArrayList<>();
        for (int lane = 1; lane < lanes.count(); lane++) {
            RuleLanes.Lane at = lanes.lane(lane);
            int number = lane;
            others.add(CompletableFuture.supplyAsync(() -> at.transactions().execute(status -> {
                List<Tagged> tagged = run(number, laneOf, at.jdbc(), lanes, lease);
                if (mark != null) {
                    RebuildLanes.mark(at.jdbc(), number, mark);
                }
                return tagged;
            }), lanes.threads()));
        }
        List<Tagged> tagged = new ArrayList<>();
        Throwable failure = null;
        try {
            tagged.addAll(run(0, laneOf, own, lanes, lease));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        Joined.all(others, failure, "a lane of the fraud rules failed").forEach(tagged::addAll);
        for (int k = 0; k < events.size(); k++) {
            if (events.get(k).fact() instanceof AlertDispositioned disposition) {
                tagged.add(new Tagged(k, EVENT, -1, 0, null, 0, disposition));
            }
        }
        tagged.sort(ONE_THREAD_ORDER);
        for (Tagged entry : tagged) {
            if (entry.disposition() != null) {
                raised.disposition(entry.disposition());
            } else {
                raised.raise(entry.draft(), entry.nowMicros());
            }
        }
    }

    /** One lane's rules, in their order, each over the whole batch; returns what they raised. */
    private List<Tagged> run(int lane, int[] laneOf, JdbcTemplate jdbc, RuleLanes lanes, RuleMemories.Lease lease) {
        List<Tagged> raised = new ArrayList<>();
        for (int rule = 0; rule < rules.size(); rule++) {
            if (laneOf[rule] != lane) {
                continue;
            }
            long started = System.nanoTime();
            decideRule(rule, jdbc, lease.memory(rule), raised);
            lanes.cost(rule, System.nanoTime() - started);
        }
        return raised;
    }

    /** One rule over the batch: its events and the new days merged in the batch's order, new day first. */
    private void decideRule(int rule, JdbcTemplate jdbc, RuleMemory memory, List<Tagged> raised) {
        int[] positions = reads[rule];
        List<FraudEvent> own = new ArrayList<>(positions.length);
        for (int k : positions) {
            own.add(events.get(k));
        }
        RuleBatch batch = rules.get(rule).begin(own, jdbc, evidenceBound, memory);
        Tags tags = new Tags(rule, raised);
        EngineContext context = new EngineContext(jdbc, policy, regions, evidenceBound, tags);
        int day = 0;
        int read = 0;
        while (day < newDays.length || read < positions.length) {
            int nextDay = day < newDays.length ? newDays[day] : Integer.MAX_VALUE;
            int nextRead = read < positions.length ? positions[read] : Integer.MAX_VALUE;
            if (nextDay <= nextRead) {
                tags.at(nextDay, NEW_DAY);
                context.at(nowMicros[nextDay], today[nextDay]);
                batch.onNewDay(today[nextDay], context);
                day++;
            } else {
                FraudEvent item = events.get(nextRead);
                tags.at(nextRead, EVENT);
                context.at(nowMicros[nextRead], today[nextRead]);
                batch.on(item.fact(), item.event(), context);
                read++;
            }
        }
        batch.flush();
    }

    /** Where one rule's alerts go on a lane: tagged with the event, the phase, the rule and its count. */
    private static final class Tags implements AlertSink {

        private final int rule;
        private final List<Tagged> raised;
        private int event;
        private int phase;
        private int seq;

        Tags(int rule, List<Tagged> raised) {
            this.rule = rule;
            this.raised = raised;
        }

        void at(int event, int phase) {
            this.event = event;
            this.phase = phase;
        }

        @Override
        public void raise(AlertDraft draft, long nowMicros) {
            raised.add(new Tagged(event, phase, rule, seq++, draft, nowMicros, null));
        }
    }
}
