package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.cluster.TokenTable;
import cn.huanxin.ledger.api.config.DaemonTimers;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps ingestion from running away from the views. On 2 cores the ledger can record events faster
 * than its slowest view (the fraud rules) can judge them while both run; without a bound the view's
 * lag, and the time until it shows what was acknowledged, grows with every minute of a long post.
 *
 * <p>A sampler reads, every {@code sampleEvery}, how far each live view of the whole cluster is
 * behind the head of the store (its slowest segment held by a live node, from the token store, so
 * that a node that holds none of the fraud view's segments still waits for it; views that no live
 * node holds, that are rebuilding, or are in error on this node are left out: they must not hold up
 * ingestion), and the pace at which it has moved while it was behind (events/s over the last
 * {@value #PACE_WINDOW_SECONDS} s, once it has been behind for {@value #PACE_MIN_SECONDS} s). A view
 * is too far behind when its lag exceeds what it catches up at that pace in {@code maxViewDelay}
 * (never less than {@code minViewLag}), or exceeds {@code maxViewLag} whatever its pace. The bound in
 * time is what the views promise ("current within seconds of the last acknowledgement"): a bound in
 * events alone holds a view within a distance that takes longer to close as the view's history, and
 * its rules' state, grow. Before a chunk is recorded, {@link #awaitViews()} waits while a view is too
 * far behind, at most {@code maxWait}; then the chunk is recorded all the same and a warning names the
 * view. Waits are counted in {@code ledger.ingest.backpressure.waits}, and the slowest view's lag is
 * the gauge {@code ledger.views.lag}.
 */
@Component
public class ViewBackpressure {

    private static final Logger log = LoggerFactory.getLogger(ViewBackpressure.class);
    private static final long POLL_MILLIS = 10;
    /** The span of samples a view's pace is measured over. */
    static final int PACE_WINDOW_SECONDS = 10;
    /** How long a view must have been behind before its pace counts. */
    static final int PACE_MIN_SECONDS = 3;

    private final ViewBackpressureProperties properties;
    private final Supplier<List<ClusterStatus.View>> views;
    private final EventStore eventStore;
    private final Counter waits;
    private final LongSupplier clock;
    private final ScheduledExecutorService sampler;
    private final Map<String, Pace> paces = new HashMap<>();
    private volatile long lag;
    private volatile boolean behind;
    private volatile String slowest = "";
    private volatile String reason = "";
    /** When the last sample that answered began (clock nanoseconds); meaningful once {@link #behind} is set. */
    private volatile long sampledAt;

    @Autowired
    ViewBackpressure(ViewBackpressureProperties properties, ClusterStatus cluster, EventStore eventStore,
                     MeterRegistry meters) {
        this(properties, cluster::views, eventStore, meters, System::nanoTime);
    }

    ViewBackpressure(ViewBackpressureProperties properties, Supplier<List<ClusterStatus.View>> views,
                     EventStore eventStore, MeterRegistry meters, LongSupplier clock) {
        this.properties = properties;
        this.views = views;
        this.eventStore = eventStore;
        this.clock = clock;
        this.waits = Counter.builder(LedgerMetrics.INGEST_BACKPRESSURE_WAITS.name())
                .description(LedgerMetrics.INGEST_BACKPRESSURE_WAITS.description()).register(meters);
        Gauge.builder(LedgerMetrics.VIEWS_LAG.name(), this, ViewBackpressure::lag)
                .description(LedgerMetrics.VIEWS_LAG.description()).register(meters);
        this.sampler = DaemonTimers.single("view-lag-sampler");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (properties.maxViewLag() > 0) {
            long every = Math.max(1, properties.sampleEvery().toMillis());
            sampler.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        sampler.shutdownNow();
    }

    /** The slowest live view's distance from the head, in events, when last sampled. */
    public long lag() {
        return lag;
    }

    /** Whether a live view was too far behind when last sampled (see the class comment). */
    public boolean behind() {
        return behind;
    }

    /**
     * Waits while a live view is too far behind (see the class comment), at most {@code maxWait}. An
     * interrupt ends the wait; the interrupt stays set.
     * <p>
     * The wait also ends when the last sample that answered is older than {@link #staleAfter()}: a
     * sampler that cannot read the positions (the database went away: its query waits for the pool's
     * connection timeout) no longer knows whether a view is behind, and the chunk goes on to find out
     * for itself, so that a post answers within the bound the outage promises rather than after the
     * sampler's wait and its own.
     */
    public void awaitViews() {
        if (properties.maxViewLag() <= 0 || !behind) {
            return;
        }
        waits.increment();
        long deadline = clock.getAsLong() + properties.maxWait().toNanos();
        long staleAfter = staleAfter().toNanos();
        while (behind) {
            if (clock.getAsLong() - sampledAt > staleAfter) {
                log.debug("The views' lag was last sampled {} ms ago; recording without waiting further",
                        TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - sampledAt));
                return;
            }
            if (clock.getAsLong() - deadline >= 0) {
                log.warn("View {} is {} events behind the store after a wait of {} ({}); recording anyway",
                        slowest, lag, properties.maxWait(), reason);
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Samples the lag now: the sampler's work, on its one thread (tests call it directly). */
    void sample() {
        try {
            long now = clock.getAsLong();
            long head = position(eventStore.createHeadToken());
            long worst = 0;
            String name = "";
            String tooFar = null;
            String why = "";
            Set<String> sampled = new HashSet<>();
            for (ClusterStatus.View view : views.get()) {
                if (view.replaying() || view.errorHere()) {
                    continue;
                }
                long position = view.segments().stream().filter(segment -> segment.owner() != null)
                        .mapToLong(TokenTable.Segment::position).min().orElse(Long.MAX_VALUE);
                if (position == Long.MAX_VALUE) {
                    continue;
                }
                long viewLag = Math.max(0, head - position);
                sampled.add(view.name());
                Pace pace = paces.computeIfAbsent(view.name(), k -> new Pace());
                pace.add(now, position, viewLag);
                double perSecond = pace.eventsPerSecond();
                long bound = bound(perSecond);
                if (viewLag > worst) {
                    worst = viewLag;
                    name = view.name();
                }
                if (viewLag > bound && tooFar == null) {
                    tooFar = view.name();
                    why = perSecond < 0 || bound == properties.maxViewLag() ? "more than " + bound + " events"
                            : String.format("at %,.0f events/s, more than %s to catch up", perSecond,
                            properties.maxViewDelay());
                }
            }
            paces.keySet().retainAll(sampled);
            lag = worst;
            slowest = tooFar != null ? tooFar : name;
            reason = why;
            sampledAt = now;
            behind = tooFar != null;
        } catch (RuntimeException e) {
            // The store is unreachable or a processor is changing state: let ingestion find out.
            lag = 0;
            behind = false;
            log.debug("Cannot sample the views' lag: {}", e.toString());
        }
    }

    /** How old the last answered sample may be before a wait stops trusting it: five samples, at least 1 s. */
    Duration staleAfter() {
        Duration five = properties.sampleEvery().multipliedBy(5);
        return five.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : five;
    }

    /** The lag a view at this pace (events/s, negative: not known yet) may have before ingestion waits. */
    long bound(double eventsPerSecond) {
        long max = properties.maxViewLag();
        if (eventsPerSecond < 0 || properties.maxViewDelay().isZero()) {
            return max;
        }
        double inTime = eventsPerSecond * properties.maxViewDelay().toNanos() / 1e9;
        return Math.min(max, Math.max(properties.minViewLag(), (long) inTime));
    }

    /**
     * A view's positions while it has been behind, over the last {@value #PACE_WINDOW_SECONDS} s: a
     * sample at lag 0 starts afresh, for a view that keeps up shows the pace of ingestion, not its own.
     */
    private static final class Pace {

        private final ArrayDeque<long[]> samples = new ArrayDeque<>();

        void add(long nanos, long position, long lag) {
            if (lag == 0 || (!samples.isEmpty() && position < samples.peekLast()[1])) {
                samples.clear();
            }
            samples.addLast(new long[]{nanos, position});
            while (samples.size() > 2 && nanos - samples.peekFirst()[0] > PACE_WINDOW_SECONDS * 1_000_000_000L) {
                samples.removeFirst();
            }
        }

        /** Events/s over the samples kept, or -1 when they span less than {@value #PACE_MIN_SECONDS} s. */
        double eventsPerSecond() {
            if (samples.isEmpty()) {
                return -1;
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            long span = last[0] - first[0];
            if (span < PACE_MIN_SECONDS * 1_000_000_000L) {
                return -1;
            }
            return (last[1] - first[1]) * 1e9 / span;
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0L);
    }
}
