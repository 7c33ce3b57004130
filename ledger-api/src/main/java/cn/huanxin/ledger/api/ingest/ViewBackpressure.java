package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.cluster.TokenTable;
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

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps ingestion from running away from the views. On 2 cores the ledger can record events faster
 * than its slowest view (the fraud rules) can judge them while both run; without a bound the view's
 * lag, and the time until it shows what was acknowledged, grows with every minute of a long post.
 *
 * <p>A sampler reads, every {@code sampleEvery}, how far the slowest live view of the whole cluster is
 * behind the head of the store (its slowest segment held by a live node, from the token store, so
 * that a node that holds none of the fraud view's segments still waits for it; views that no live
 * node holds, that are rebuilding, or are in error on this node are left out: they must not hold up
 * ingestion). Before a chunk
 * is recorded, {@link #awaitViews()} waits while that lag exceeds {@code maxViewLag}, at most
 * {@code maxWait}; then the chunk is recorded all the same and a warning names the view. Waits are
 * counted in {@code ledger.ingest.backpressure.waits}, and the lag is the gauge
 * {@code ledger.views.lag}.
 */
@Component
public class ViewBackpressure {

    private static final Logger log = LoggerFactory.getLogger(ViewBackpressure.class);
    private static final long POLL_MILLIS = 10;

    private final ViewBackpressureProperties properties;
    private final Supplier<List<ClusterStatus.View>> views;
    private final EventStore eventStore;
    private final Counter waits;
    private final LongSupplier clock;
    private final ScheduledExecutorService sampler;
    private volatile long lag;
    private volatile String slowest = "";

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
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "view-lag-sampler");
            thread.setDaemon(true);
            return thread;
        });
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

    /**
     * Waits while the slowest live view is more than {@code maxViewLag} events behind, at most
     * {@code maxWait}. An interrupt ends the wait; the interrupt stays set.
     */
    public void awaitViews() {
        long max = properties.maxViewLag();
        if (max <= 0 || lag <= max) {
            return;
        }
        waits.increment();
        long deadline = clock.getAsLong() + properties.maxWait().toNanos();
        while (lag > max) {
            if (clock.getAsLong() - deadline >= 0) {
                log.warn("View {} is {} events behind the store after a wait of {}; recording anyway",
                        slowest, lag, properties.maxWait());
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

    /** Samples the lag now (the sampler's work; tests call it directly). */
    void sample() {
        try {
            long head = position(eventStore.createHeadToken());
            long worst = 0;
            String name = "";
            for (ClusterStatus.View view : views.get()) {
                if (view.replaying() || view.errorHere()) {
                    continue;
                }
                long position = view.segments().stream().filter(segment -> segment.owner() != null)
                        .mapToLong(TokenTable.Segment::position).min().orElse(Long.MAX_VALUE);
                if (position != Long.MAX_VALUE && head - position > worst) {
                    worst = head - position;
                    name = view.name();
                }
            }
            lag = worst;
            slowest = name;
        } catch (RuntimeException e) {
            // The store is unreachable or a processor is changing state: let ingestion find out.
            lag = 0;
            log.debug("Cannot sample the views' lag: {}", e.toString());
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0L);
    }
}
