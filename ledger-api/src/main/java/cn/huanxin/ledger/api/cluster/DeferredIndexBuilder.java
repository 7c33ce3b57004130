package cn.huanxin.ledger.api.cluster;

import cn.huanxin.ledger.api.config.DaemonTimers;
import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the indexes a rebuild dropped ({@link DeferredIndexes}) once the view has replayed up to
 * the head of the store, on whichever node sees that first: every heartbeat it asks the database
 * which are missing, so a rebuild whose node died is finished by another node or by the same one
 * restarted. Until they exist the view is not current ({@code caughtUp} false in the admin status).
 * <p>
 * It runs on its own thread: building the indexes of a million events' view takes seconds (hours for
 * a national year), and the heartbeat must not wait for it. The view goes on writing meanwhile
 * ({@code CREATE INDEX CONCURRENTLY}).
 */
final class DeferredIndexBuilder {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexBuilder.class);

    private final ClusterStatus status;
    private final JdbcTemplate jdbc;
    private final long periodMillis;
    private final ScheduledExecutorService timer;
    private volatile boolean closing;
    private boolean failing;

    DeferredIndexBuilder(ClusterStatus status, JdbcTemplate jdbc, long periodMillis) {
        this.status = status;
        this.jdbc = jdbc;
        this.periodMillis = periodMillis;
        this.timer = DaemonTimers.single("deferred-indexes");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops looking. A build under way is not waited for: when the connection pool closes, PostgreSQL
     * leaves its index invalid, and the next build (any node's) replaces it.
     */
    @EventListener(ContextClosedEvent.class)
    void close() {
        closing = true;
        timer.shutdownNow();
    }

    /** One look at every view with deferred indexes. */
    void tick() {
        if (closing) {
            return;
        }
        try {
            for (DeferredIndexes indexes : status.deferredIndexes()) {
                buildWhenCaughtUp(indexes);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing && !DatabaseAvailability.isUnavailable(e)) {
                log.warn("Cannot build the deferred indexes yet: {}", e.toString());
            }
            failing = true;
        }
    }

    private void buildWhenCaughtUp(DeferredIndexes indexes) {
        // Missing first, then the tokens: a reset drops the indexes and resets the tokens in one
        // transaction, so tokens read after the indexes were seen missing are the replay's.
        if (indexes.missing(jdbc).isEmpty()) {
            return;
        }
        Long head = status.head();
        ClusterStatus.View view = status.view(indexes.view());
        // An empty store has nothing to replay: its view never moves from -1, and needs its indexes all the same.
        if (head == null || view == null || view.segments().isEmpty() || (head > 0 && view.position() < head)) {
            return;
        }
        long started = System.nanoTime();
        List<String> built;
        try {
            built = indexes.build(jdbc.getDataSource());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the indexes of view " + indexes.view(), e);
        }
        if (!built.isEmpty()) {
            log.info("Built the indexes {} of view {} after its replay in {} ms", built, indexes.view(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
