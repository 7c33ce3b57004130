package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.config.DaemonTimers;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.api.config.MetricsProperties;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.source.EventSource;
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
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How far the signatures trail the store: {@code ledger.seal.lag.events} (positions of the store
 * after the last one the latest signed checkpoint covers: what a third party cannot yet be shown to
 * be unchanged) and {@code ledger.seal.checkpoint.age.seconds} (since the latest signature; NaN before
 * the first). With checkpoints every 1,000 events and at the latest 2 s after the last one while
 * newer events wait, a growing lag or age means the seal has stopped. Sampled every
 * {@code ledger.metrics.sample-every}, so that a scrape never waits on the database.
 */
@Component
class SealMetrics {

    private static final Logger log = LoggerFactory.getLogger(SealMetrics.class);

    private final SealStore store;
    private final EventSource events;
    private final Clock clock;
    private final Duration sampleEvery;
    private final ScheduledExecutorService sampler;
    private volatile double lagEvents = Double.NaN;
    private volatile double checkpointAgeSeconds = Double.NaN;

    SealMetrics(Seal seal, EventSource events, Clock clock, MeterRegistry meters, MetricsProperties properties) {
        this.store = seal.store();
        this.events = events;
        this.clock = clock;
        this.sampleEvery = properties.sampleEvery();
        Gauge.builder(LedgerMetrics.SEAL_LAG_EVENTS.name(), this, SealMetrics::lagEvents)
                .description(LedgerMetrics.SEAL_LAG_EVENTS.description()).register(meters);
        Gauge.builder(LedgerMetrics.SEAL_CHECKPOINT_AGE.name(), this, SealMetrics::checkpointAgeSeconds)
                .description(LedgerMetrics.SEAL_CHECKPOINT_AGE.description()).register(meters);
        this.sampler = DaemonTimers.single("seal-metrics-sampler");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sampler.scheduleWithFixedDelay(this::sample, 0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sampler.shutdownNow();
    }

    double lagEvents() {
        return lagEvents;
    }

    double checkpointAgeSeconds() {
        return checkpointAgeSeconds;
    }

    /** Samples now (the sampler's work; tests call it directly). */
    void sample() {
        try {
            long head = events.head();
            Optional<SealStore.StoredCheckpoint> latest = store.latestCheckpoint();
            long covered = latest.map(SealStore.StoredCheckpoint::lastPosition).orElse(EventSource.BEFORE_FIRST);
            lagEvents = Math.max(0, head - covered);
            // The seal's state keeps when its latest checkpoint was signed, by the ledger's clock.
            checkpointAgeSeconds = latest.isEmpty() ? Double.NaN
                    : Math.max(0, (clock.millis() - store.state().lastCheckpointAtMillis()) / 1000.0);
        } catch (RuntimeException e) {
            lagEvents = Double.NaN;
            checkpointAgeSeconds = Double.NaN;
            log.debug("Cannot sample the seal: {}", e.toString());
        }
    }
}
