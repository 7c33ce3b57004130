package cn.huanxin.ledger.api.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import javax.sql.DataSource;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the database is reachable, as the ledger last found out, and the one place that says so in
 * the log: a single warning when it becomes unavailable and a single warning when it is back, instead
 * of a stack trace from every request, view and pool connection that notices (docs/operations.md,
 * "When the database goes away").
 * <p>
 * A failure is "the database is unavailable" ({@link #isUnavailable(Throwable)}) when it is a lost or
 * refused connection, the pool's timeout waiting for one, a connection the pool closed because it
 * broke, or PostgreSQL's own word that it is shutting down or starting up (SQLSTATE 57P01, 57P02,
 * 57P03). Requests that meet one answer 503 with
 * {@code Retry-After}; the health check reports the database DOWN while the outage lasts.
 * <p>
 * While the database is unavailable a probe asks for a connection every second, so that the recovery
 * is noticed (and logged) even when no request arrives; any successful use of the database
 * ({@link #succeeded()}) ends the outage as well.
 * <p>
 * An operation that began during an outage may fail after the database is back: a request that waited
 * for a connection times out only after the pool's connection timeout, a statement on a connection the
 * stop broke fails when it is next used. So for {@link #SETTLING} after a recovery a reported failure
 * does not by itself open a new outage: the probe first asks the database, and only a failed answer
 * opens one. A failure the probe or the health check sees itself is always taken at its word.
 * <p>
 * The views' processors, Axon's coordinators and the connection pool log every failed attempt with
 * its stack trace, over and over while the database is away. A logback filter hands each such event
 * whose cause is an unavailable database to this class and drops it; every other log event passes.
 */
@Component
public class DatabaseAvailability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    /** How often the probe tries the database during an outage. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    /** How long the probe, and the health check, let a connection take to answer. */
    public static final int VALIDATION_TIMEOUT_SECONDS = 1;
    /**
     * How long after a recovery a reported failure is confirmed by a check before it counts: longer than
     * the pool's connection timeout plus a statement's usual time, so that what began during the outage
     * has ended.
     */
    static final Duration SETTLING = Duration.ofSeconds(10);

    /** 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    /**
     * What HikariCP's proxy answers, without an SQLSTATE, once the pool has closed the connection
     * beneath it because it broke (a fatal SQLSTATE such as 08006 or 57P01): a rollback after a lost
     * connection fails with it, and Spring's TransactionSystemException then carries it as the cause.
     */
    private static final String CLOSED_BY_THE_POOL = "Connection is closed";

    private final DataSource dataSource;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean confirming = new AtomicBoolean();
    private final ScheduledExecutorService probe;
    private final OutageLogFilter logFilter;
    private volatile long downSinceNanos;
    /** When the last outage ended; meaningful only once {@link #recovered} is set. */
    private volatile long upSinceNanos;
    private volatile boolean recovered;

    public DatabaseAvailability(DataSource dataSource) {
        this.dataSource = dataSource;
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-probe");
            thread.setDaemon(true);
            return thread;
        });
        this.logFilter = new OutageLogFilter(this);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.addTurboFilter(logFilter);
        }
    }

    /** Ends the probe and takes the log filter out; the context does this when it closes. */
    @PreDestroy
    public void stop() {
        probe.shutdownNow();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(logFilter);
        }
    }

    /**
     * Whether a failure means the database cannot be reached (rather than a conflict or a defect):
     * anywhere in its chain of causes, a connection that failed, was refused or is closed (SQLSTATE
     * class 08, a {@link ConnectException} under a database exception), the pool's timeout waiting for a connection
     * ({@link SQLTransientConnectionException}), a server shutting down or starting up (57P01, 57P02,
     * 57P03), or Spring's translation of these.
     */
    public static boolean isUnavailable(Throwable failure) {
        // A refused connection is the database's only below a database layer: Axon Server's connector
        // reports its own refused connections too, and they say nothing of the database.
        boolean database = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            database |= t instanceof SQLException || t instanceof DataAccessException;
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || (t instanceof ConnectException && database)) {
                return true;
            }
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && rollback.getApplicationException() != failure
                    && isUnavailable(rollback.getApplicationException())) {
                // A rollback that failed on the broken connection hides the failure that caused it.
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null
                    && CLOSED_BY_THE_POOL.equals(sql.getMessage())) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // A batch reports the failure of its statement as the next exception.
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (unavailableState(e.getSQLState())) {
                        return true;
                    }
                    if (e.getNextException() == e) {
                        break;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }

    /** Whether the database is unavailable, as last found out. */
    public boolean isDown() {
        return down.get();
    }

    /**
     * Records that an operation failed because the database is unavailable. The first failure of an
     * outage is logged, as one line; the probe starts looking for the database's return. Within
     * {@link #SETTLING} of a recovery the failure is first confirmed by the probe.
     */
    public void failed(Throwable cause) {
        if (down.get()) {
            return;
        }
        if (recovered && System.nanoTime() - upSinceNanos < SETTLING.toNanos()) {
            confirm();
            return;
        }
        declare(cause);
    }

    /**
     * Records a failure seen only in the log: Axon's and HikariCP's reports, which no caller of this
     * ledger handed over. The probe asks this ledger's own database at once, and only a failed answer
     * opens an outage. A logger is the JVM's, not the ledger's: where one JVM holds several ledgers
     * (the tests' application contexts, one closing while the next starts), a report may come from
     * another ledger's thread about another database.
     */
    void failedInLog() {
        if (!down.get()) {
            confirm();
        }
    }

    private void declare(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            downSinceNanos = System.nanoTime();
            log.warn("The database became unavailable ({}); posts and queries are answered 503 with Retry-After "
                    + "and the views wait until it is back", summary(cause));
            scheduleProbe();
        }
    }

    /** Records that the database answered; ends an outage, with one line in the log. */
    public void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            upSinceNanos = System.nanoTime();
            recovered = true;
            log.warn("The database is available again after {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos));
        }
    }

    /**
     * Asks for a connection and whether it answers within {@link #VALIDATION_TIMEOUT_SECONDS}. The pool's
     * connection timeout bounds the wait for a connection. Records the outcome.
     */
    public boolean check() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                succeeded();
                return true;
            }
            declare(new SQLTransientConnectionException("the connection did not answer within "
                    + VALIDATION_TIMEOUT_SECONDS + " s"));
            return false;
        } catch (SQLException | RuntimeException e) {
            if (isUnavailable(e)) {
                declare(e);
            }
            return false;
        }
    }

    private void scheduleProbe() {
        try {
            probe.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Has the probe check the database now, once however many failures ask for it meanwhile. */
    private void confirm() {
        if (confirming.compareAndSet(false, true)) {
            try {
                probe.execute(() -> {
                    confirming.set(false);
                    check();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                confirming.set(false);
            }
        }
    }

    private void probe() {
        if (down.get() && !check() && down.get()) {
            scheduleProbe();
        }
    }

    /** The failure in one line: the SQLSTATE and message of the innermost SQL exception, else the root cause. */
    static String summary(Throwable failure) {
        Throwable root = failure;
        SQLException innermost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                innermost = sql;
            }
            root = t;
            if (t.getCause() == t) {
                break;
            }
        }
        if (innermost != null) {
            return "SQLSTATE " + innermost.getSQLState() + ": " + firstLine(innermost.getMessage());
        }
        return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /**
     * Drops what the outage makes every thread report again and again, after having the tracker ask
     * its database ({@link #failedInLog}):
     * <ul>
     *   <li>any event of level INFO and above whose throwable is an unavailable database (the
     *   throwable of an SLF4J call is its last argument, or {@code t} for logback's own calls);</li>
     *   <li>while the database is known to be unavailable, the events of Axon's processors and units
     *   of work and of the connection pool: a work package that cannot open its transaction, for
     *   one, reports Axon's own IllegalStateException without the cause.</li>
     * </ul>
     * Everything else passes, including every event of these loggers while the database is up.
     */
    static final class OutageLogFilter extends TurboFilter {

        private final DatabaseAvailability availability;

        OutageLogFilter(DatabaseAvailability availability) {
            this.availability = availability;
        }

        @Override
        public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                                  Object[] params, Throwable t) {
            if (level == null || !level.isGreaterOrEqual(Level.INFO)) {
                return FilterReply.NEUTRAL;
            }
            Throwable thrown = t != null ? t
                    : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                    ? last : null;
            if (thrown != null && isUnavailable(thrown)) {
                availability.failedInLog();
                return FilterReply.DENY;
            }
            if (availability.isDown() && logger != null && (logger.getName().startsWith("org.axonframework.")
                    || logger.getName().startsWith("com.zaxxer.hikari."))) {
                return FilterReply.DENY;
            }
            return FilterReply.NEUTRAL;
        }
    }
}
