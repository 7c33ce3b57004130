package cn.huanxin.ledger.api.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as "the database is unavailable" (answered 503 with Retry-After, one log line per
 * outage) and what does not (a lost race, a constraint, a defect).
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseAvailabilityTest {

    private final DatabaseAvailability availability = new DatabaseAvailability(new SimpleDriverDataSource());
    private final LoggerContext logging = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    @AfterEach
    void stop() {
        availability.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"})
    void aServerShuttingDownOrStartingUpOrALostConnectionIsUnavailable(String state) {
        SQLException postgres = new SQLException("FATAL: terminating connection due to administrator command", state);

        assertThat(DatabaseAvailability.isUnavailable(postgres)).isTrue();
        // as Spring's JdbcTemplate and Axon's query bus hand it on
        assertThat(DatabaseAvailability.isUnavailable(new CompletionException(
                new UncategorizedSQLException("select", "SELECT 1", postgres)))).isTrue();
    }

    @Test
    void aRefusedConnectionAndThePoolsTimeoutAreUnavailable() {
        SQLException refused = new SQLException("Connection to localhost:5432 refused", (String) null,
                new ConnectException("Connection refused"));
        SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms", refused);

        assertThat(DatabaseAvailability.isUnavailable(refused)).isTrue();
        assertThat(DatabaseAvailability.isUnavailable(poolTimeout)).isTrue();
        assertThat(DatabaseAvailability.isUnavailable(new CannotGetJdbcConnectionException("no connection",
                poolTimeout))).isTrue();
        // the pool's timeout alone, when it is merely exhausted, is answered 503 too: retry later
        assertThat(DatabaseAvailability.isUnavailable(new SQLTransientConnectionException("timed out"))).isTrue();
    }

    /** Axon Server's connector reports a refused connection of its own: that is not the database's outage. */
    @Test
    void aRefusedConnectionOutsideTheDatabaseIsNotTheDatabases() {
        RuntimeException axonServer = new IllegalStateException("UNAVAILABLE: io exception",
                new ConnectException("finishConnect(..) failed: Connection refused"));

        assertThat(DatabaseAvailability.isUnavailable(axonServer)).isFalse();
        assertThat(DatabaseAvailability.isUnavailable(new CompletionException(axonServer))).isFalse();
    }

    @Test
    void aBatchReportsTheLostConnectionAsItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));

        assertThat(DatabaseAvailability.isUnavailable(batch)).isTrue();
    }

    @Test
    void aRollbackThatFailedOnTheBrokenConnectionIsUnavailable() {
        // HikariCP's proxy of a connection it closed because it broke: no SQLSTATE
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        assertThat(DatabaseAvailability.isUnavailable(rollback)).isTrue();

        TransactionSystemException hiding = new TransactionSystemException("JDBC rollback failed",
                new SQLException("rollback refused", "XX000"));
        hiding.initApplicationException(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        assertThat(DatabaseAvailability.isUnavailable(hiding)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "40P01", "42P01", "22001", "XX000"})
    void conflictsConstraintsAndDefectsAreNotUnavailable(String state) {
        assertThat(DatabaseAvailability.isUnavailable(new SQLException("refused", state))).isFalse();
        assertThat(DatabaseAvailability.isUnavailable(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", state)))).isFalse();
    }

    @Test
    void otherFailuresAreNotUnavailable() {
        assertThat(DatabaseAvailability.isUnavailable(new IllegalStateException("a defect"))).isFalse();
        assertThat(DatabaseAvailability.isUnavailable(new SQLException("Connection is closed", "42000"))).isFalse();
        assertThat(DatabaseAvailability.isUnavailable(null)).isFalse();
    }

    @Test
    void anOutageIsLoggedOnceEachWay(CapturedOutput output) {
        SQLException lost = new SQLException("FATAL: terminating connection due to administrator command", "57P01");

        availability.failed(lost);
        availability.failed(new SQLTransientConnectionException("timed out"));
        availability.failed(lost);
        assertThat(availability.isDown()).isTrue();
        availability.succeeded();
        availability.succeeded();

        assertThat(availability.isDown()).isFalse();
        assertThat(output.getOut().lines().filter(l -> l.contains("The database became unavailable")))
                .singleElement().asString()
                .contains("SQLSTATE 57P01: FATAL: terminating connection due to administrator command");
        assertThat(output.getOut().lines().filter(l -> l.contains("The database is available again"))).hasSize(1);
    }

    /**
     * A request that began waiting for a connection during the outage times out after the database is
     * back; that failure alone must not open a second outage. The probe asks the database first: it
     * answers (an in-memory H2), so nothing is logged. When it is really away again (a PostgreSQL port
     * nobody listens on), the probe's own failed check opens the outage.
     */
    @Test
    void aFailureReportedJustAfterARecoveryCountsOnlyWhenTheDatabaseIsAwayAgain(CapturedOutput output)
            throws Exception {
        java.util.concurrent.atomic.AtomicReference<javax.sql.DataSource> target = new java.util.concurrent.atomic
                .AtomicReference<>(new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:settling"));
        javax.sql.DataSource switching = new org.springframework.jdbc.datasource.AbstractDataSource() {
            @Override
            public java.sql.Connection getConnection() throws SQLException {
                return target.get().getConnection();
            }

            @Override
            public java.sql.Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }
        };
        DatabaseAvailability settling = new DatabaseAvailability(switching);
        try {
            settling.failed(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
            settling.succeeded();
            SQLTransientConnectionException lateTimeout = new SQLTransientConnectionException(
                    "HikariPool-1 - Connection is not available, request timed out after 3006ms");

            settling.failed(lateTimeout);
            Thread.sleep(500);
            assertThat(settling.isDown()).as("the database answered the probe").isFalse();

            target.set(new SimpleDriverDataSource(new org.postgresql.Driver(),
                    "jdbc:postgresql://127.0.0.1:1/ledger?connectTimeout=1", "ledger", "ledger"));
            settling.failed(lateTimeout);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            // the probe's thread marks the database down, then writes its line: wait for both
            while ((!settling.isDown() || unavailableLines(output).size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(settling.isDown()).as("the probe found the database away").isTrue();
            assertThat(unavailableLines(output)).hasSize(2).last().asString().contains("SQLSTATE 08001");
        } finally {
            settling.stop();
        }
    }

    @Test
    void theLogFilterDropsTheOutagesRepeatedReportsAndPassesEverythingElse() throws Exception {
        // a PostgreSQL port nobody listens on: the probe finds the database away
        DatabaseAvailability away = new DatabaseAvailability(new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:1/ledger?connectTimeout=1", "ledger", "ledger"));
        try {
            DatabaseAvailability.OutageLogFilter filter = new DatabaseAvailability.OutageLogFilter(away);
            ch.qos.logback.classic.Logger axon = logging.getLogger("org.axonframework.eventhandling.pooled.WorkPackage");
            ch.qos.logback.classic.Logger ledger = logging.getLogger("cn.huanxin.ledger.api.Anything");
            SQLException lost = new SQLException("An I/O error occurred while sending to the backend", "08006");

            assertThat(filter.decide(null, axon, Level.WARN, "Error while processing batch", null,
                    new IllegalStateException("The UnitOfWork is in an incompatible phase: NOT_STARTED")))
                    .as("Axon's own report while the database is up").isEqualTo(FilterReply.NEUTRAL);
            assertThat(filter.decide(null, ledger, Level.WARN, "Releasing claims in {}ms", new Object[] {500, lost},
                    null)).isEqualTo(FilterReply.DENY);
            assertThat(awaitDown(away)).as("the dropped report had the probe ask the database").isTrue();
            assertThat(filter.decide(null, axon, Level.WARN, "Error while processing batch", null,
                    new IllegalStateException("The UnitOfWork is in an incompatible phase: NOT_STARTED")))
                    .as("Axon's report during the outage").isEqualTo(FilterReply.DENY);
            assertThat(filter.decide(null, ledger, Level.ERROR, "Unexpected failure", null,
                    new IllegalStateException("a defect"))).isEqualTo(FilterReply.NEUTRAL);
            assertThat(filter.decide(null, ledger, Level.DEBUG, "details", new Object[] {lost}, null))
                    .isEqualTo(FilterReply.NEUTRAL);
        } finally {
            away.stop();
        }
    }

    /**
     * A logger is the JVM's: in the tests one ledger's context may still be closing, its threads
     * reporting that its database is gone, while the next one starts. Such a report, seen by the next
     * ledger's filter, must not put that ledger into an outage while its own database answers.
     */
    @Test
    void aFailureInTheLogCountsOnlyWhenThisLedgersDatabaseIsAway(CapturedOutput output) throws Exception {
        DatabaseAvailability up = new DatabaseAvailability(
                new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:answering"));
        try {
            DatabaseAvailability.OutageLogFilter filter = new DatabaseAvailability.OutageLogFilter(up);
            SQLException refused = new SQLException("Connection to localhost:46187 refused.", "08001");
            assertThat(filter.decide(null, logging.getLogger("org.axonframework.eventsourcing.EmbeddedEventStore"),
                    Level.WARN, "Failed to read events", null, refused)).isEqualTo(FilterReply.DENY);
            Thread.sleep(500);
            assertThat(up.isDown()).as("this ledger's database answered the probe").isFalse();
            assertThat(output.getOut()).doesNotContain("The database became unavailable");
        } finally {
            up.stop();
        }
    }

    private static boolean awaitDown(DatabaseAvailability availability) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!availability.isDown() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return availability.isDown();
    }

    private static List<String> unavailableLines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.contains("The database became unavailable")).toList();
    }
}
