package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.projections.seal.Seal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signs a checkpoint once leaves have waited {@code ledger.seal.checkpoint-interval} without one
 * (the "or T seconds" of docs/integrity.md), so a quiet ledger's last events do not stay unsigned until the
 * next multiple of {@code checkpoint-every-events}. It looks once a second; each look is one short
 * transaction that locks the seal's state row, so several nodes may run it side by side.
 */
@Component
class TimedCheckpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimedCheckpoints.class);

    private final Seal seal;
    private final TransactionTemplate transactions;
    private ScheduledExecutorService scheduler;

    TimedCheckpoints(Seal seal, TransactionTemplate transactions) {
        this.seal = seal;
        this.transactions = transactions;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ledger-seal-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void tick() {
        try {
            transactions.execute(status -> seal.checkpointIfDue()).ifPresent(checkpoint ->
                    log.debug("Signed a timed checkpoint of {} leaves", checkpoint.treeSize()));
        } catch (RuntimeException e) {
            // The store may be briefly unavailable; the next tick tries again. An outage of the
            // database has its one line in the log already (DatabaseAvailability).
            if (DatabaseAvailability.isUnavailable(e)) {
                log.debug("Could not sign a timed checkpoint: {}", e.toString());
            } else {
                log.warn("Could not sign a timed checkpoint: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
