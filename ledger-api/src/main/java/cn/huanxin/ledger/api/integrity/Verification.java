package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.projections.seal.SealVerifier;
import cn.huanxin.ledger.projections.source.EventSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-verification of the whole store, one at a time (it reads every event): the API runs it while its
 * request waits ({@code POST /api/v1/ledger/verify}); the console starts it in the background and
 * shows how far it is, from the same counters that feed the progress gauge, and then its result. A
 * second verification asked for while one runs, from either side, is refused.
 */
@Component
class Verification implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Verification.class);

    /** What the console shows: how far the running verification is, and the last result. */
    record Status(boolean running, long checked, long head, Map<String, Object> lastResult, Instant lastFinishedAt,
                  String lastStartedBy) {

        /** Events checked over the events the store held at the start, 0–100 (an estimate until the end). */
        long percent() {
            return head <= 0 ? 0 : Math.min(100, Math.round(100.0 * checked / head));
        }
    }

    private final SealVerifier verifier;
    private final EventSource events;
    private final Clock clock;
    private final Timer timer;
    private final Semaphore verifying = new Semaphore(1);
    /** Events checked by the running (or last) verification. */
    private final AtomicLong progress = new AtomicLong();
    /** The head of the store when the running (or last) verification started; -1 once it is done. */
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong startedHead = new AtomicLong();
    private final AtomicReference<Map<String, Object>> lastResult = new AtomicReference<>();
    private final AtomicReference<Instant> lastFinishedAt = new AtomicReference<>();
    private final AtomicReference<String> lastStartedBy = new AtomicReference<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-verification");
        thread.setDaemon(true);
        return thread;
    });

    Verification(SealVerifier verifier, EventSource events, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.events = events;
        this.clock = clock;
        this.timer = Timer.builder(LedgerMetrics.VERIFY_DURATION.name())
                .description(LedgerMetrics.VERIFY_DURATION.description()).register(meters);
        Gauge.builder(LedgerMetrics.VERIFY_CHECKED.name(), progress, AtomicLong::doubleValue)
                .description(LedgerMetrics.VERIFY_CHECKED.description()).register(meters);
        Gauge.builder(LedgerMetrics.VERIFY_PROGRESS.name(), this, Verification::verifiedShare)
                .description(LedgerMetrics.VERIFY_PROGRESS.description()).register(meters);
    }

    /** Verifies now, in the caller's thread; empty when a verification is already running. */
    Optional<Map<String, Object>> runNow(String by) {
        if (!verifying.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(verify(by));
        } finally {
            verifying.release();
        }
    }

    /** Starts a verification in the background; false when one is already running. */
    boolean start(String by) {
        if (!verifying.tryAcquire()) {
            return false;
        }
        // Counted as running from here, before the background thread picks the work up.
        progress.set(0);
        head.set(Math.max(0, events.head()) + 1);
        try {
            background.execute(() -> {
                try {
                    verify(by);
                } catch (RuntimeException e) {
                    log.error("Verification started by {} failed", by, e);
                    head.set(-1);
                } finally {
                    verifying.release();
                }
            });
            return true;
        } catch (RuntimeException e) {
            verifying.release();
            throw e;
        }
    }

    Status status() {
        long shownHead = head.get();
        boolean running = shownHead >= 0 && verifying.availablePermits() == 0;
        return new Status(running, progress.get(), running ? shownHead : startedHead.get(), lastResult.get(),
                lastFinishedAt.get(), lastStartedBy.get());
    }

    private Map<String, Object> verify(String by) {
        long started = System.nanoTime();
        progress.set(0);
        // Positions start at 0 or 1 by store; head + 1 is never fewer events than the store holds.
        long size = Math.max(0, events.head()) + 1;
        head.set(size);
        startedHead.set(size);
        lastStartedBy.set(by);
        // A long verification says how far it is, every ten seconds, in the log and as a gauge.
        long[] lastLog = {started};
        SealVerifier.Result result = verifier.verify(checked -> {
            progress.set(checked);
            if (System.nanoTime() - lastLog[0] >= TimeUnit.SECONDS.toNanos(10)) {
                lastLog[0] = System.nanoTime();
                log.info("Verification has checked {} events", checked);
            }
        });
        timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        head.set(-1);
        log.info("Verified {} events in {} ms: {}", result.checked(), result.elapsedMillis(),
                result.valid() ? "valid" : result.mismatches() + " mismatches, first " + result.firstMismatch());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("checked", result.checked());
        body.put("valid", result.valid());
        body.put("firstMismatch", result.firstMismatch());
        body.put("mismatches", result.mismatches());
        body.put("sealedLeaves", result.sealedLeaves());
        body.put("unsealed", result.unsealed());
        body.put("checkpointsChecked", result.checkpointsChecked());
        body.put("elapsedMillis", result.elapsedMillis());
        lastResult.set(body);
        lastFinishedAt.set(clock.instant());
        return body;
    }

    /**
     * Events checked over the events the store held when the verification started (positions of the
     * event store, which may have gaps, so the share is an estimate until the end, when it is 1).
     * 0 before the first verification.
     */
    private double verifiedShare() {
        long size = head.get();
        long checked = progress.get();
        if (size < 0) {
            return 1;
        }
        return size == 0 ? 0 : Math.min(1, (double) checked / size);
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
