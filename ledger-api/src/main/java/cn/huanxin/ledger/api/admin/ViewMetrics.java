package cn.huanxin.ledger.api.admin;

import cn.huanxin.ledger.api.cluster.ClusterStatus;
import cn.huanxin.ledger.api.config.DaemonTimers;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.api.config.MetricsProperties;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.StoredEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Each view's lag and rebuild, as gauges tagged with the view's name: {@code ledger.view.lag.events}
 * (positions of the store between the head and the view's slowest segment on this node, as
 * {@code GET /api/v1/admin/projections} counts them), {@code ledger.view.lag.seconds} (how long ago
 * the oldest event the view has not handled was recorded; 0 when it is caught up) and
 * {@code ledger.view.rebuild.progress} (the share of a replay done; 1 when not replaying). They are
 * the cluster's figures, from the token store: every node reports the same for a view, whichever
 * node processes it.
 *
 * <p>A sampler reads them every {@code ledger.metrics.sample-every}: a scrape reads the last sample
 * and never waits on the database. A view that has no token yet, or whose sample failed, reports NaN,
 * which Prometheus keeps as "no value" rather than a false zero.
 */
@Component
class ViewMetrics {

    private static final Logger log = LoggerFactory.getLogger(ViewMetrics.class);

    /** One view's gauges when last sampled. */
    record Sample(double lagEvents, double lagSeconds, double rebuildProgress) {
        static final Sample UNKNOWN = new Sample(Double.NaN, Double.NaN, Double.NaN);
    }

    private final ClusterStatus cluster;
    private final EventSource events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration sampleEvery;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler;

    ViewMetrics(ClusterStatus cluster, EventSource events, Clock clock, MeterRegistry meters,
                MetricsProperties properties) {
        this.cluster = cluster;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        this.sampleEvery = properties.sampleEvery();
        this.sampler = DaemonTimers.single("view-metrics-sampler");
    }

    /** Registers three gauges per view (the views are known once Axon has configured them) and samples. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        for (String view : cluster.viewNames()) {
            samples.put(view, Sample.UNKNOWN);
            gauge(LedgerMetrics.VIEW_LAG_EVENTS, view, Sample::lagEvents);
            gauge(LedgerMetrics.VIEW_LAG_SECONDS, view, Sample::lagSeconds);
            gauge(LedgerMetrics.VIEW_REBUILD_PROGRESS, view, Sample::rebuildProgress);
        }
        sampler.scheduleWithFixedDelay(this::sample, 0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sampler.shutdownNow();
    }

    private void gauge(LedgerMetrics.LedgerMeter meter, String view, ToDoubleFunction<Sample> value) {
        Gauge.builder(meter.name(), samples, all -> value.applyAsDouble(all.getOrDefault(view, Sample.UNKNOWN)))
                .description(meter.description()).tags(meter.tags(view)).register(meters);
    }

    /** The last sample of one view (the sampler's result; tests read it). */
    Sample sampleOf(String view) {
        return samples.getOrDefault(view, Sample.UNKNOWN);
    }

    /** Samples every view now (the sampler's work; tests call it directly). */
    void sample() {
        try {
            long head = events.head();
            Instant now = clock.instant();
            cluster.views().forEach(view -> samples.put(view.name(), sample(view, head, now)));
        } catch (RuntimeException e) {
            // The store is unreachable: no value is better than a stale one.
            samples.replaceAll((name, last) -> Sample.UNKNOWN);
            log.debug("Cannot sample the views: {}", e.toString());
        }
    }

    private Sample sample(ClusterStatus.View view, long head, Instant now) {
        if (view.segments().isEmpty()) {
            return Sample.UNKNOWN;
        }
        long position = view.position();
        boolean replaying = view.replaying();
        double progress = view.replayProgress();
        long lag = Math.max(0, head - position);
        double lagSeconds = 0;
        if (lag > 0) {
            List<StoredEvent> next = events.page(position, head, 1);
            if (!next.isEmpty()) {
                lagSeconds = Math.max(0, Duration.between(next.get(0).recordedAt(), now).toMillis() / 1000.0);
            }
        }
        // Axon ends a replay only when an event newer than the reset point arrives; a view that has
        // replayed up to the head of a quiet store has finished all the same (as the admin endpoint says).
        return new Sample(lag, lagSeconds, replaying && lag > 0 ? progress : 1);
    }
}
