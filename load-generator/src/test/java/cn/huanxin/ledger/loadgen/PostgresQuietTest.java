package cn.huanxin.ledger.loadgen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait for a quiet PostgreSQL, on a real one: its maintenance query runs there, it waits while
 * something is busy and reports what, it gives up at its timeout, and it changes nothing.
 */
class PostgresQuietTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void anIdleServerIsQuietAtOnce() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            PostgresQuiet.Result result = PostgresQuiet.await(connection, PostgresQuiet.MAINTENANCE, 10_000, 50);
            assertThat(result.timedOut()).isFalse();
            assertThat(result.waitedSeconds()).isLessThan(5);
            assertThat(result.line()).startsWith("QUIET waited_s=").contains("timed_out=false");
        }
    }

    @Test
    void waitsWhileSomethingRunsAndSaysWhat() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE quiet_busy (what text)");
            statement.execute("INSERT INTO quiet_busy VALUES ('autovacuum: VACUUM public.domain_event_entry')");
            CompletableFuture<Void> ends = CompletableFuture.runAsync(() -> {
                try (Connection other = postgres.getPostgresDatabase().getConnection();
                     Statement delete = other.createStatement()) {
                    delete.execute("DELETE FROM quiet_busy");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1_500, TimeUnit.MILLISECONDS));
            PostgresQuiet.Result result = PostgresQuiet.await(connection, "SELECT what FROM quiet_busy", 30_000, 100);
            ends.join();
            assertThat(result.timedOut()).isFalse();
            assertThat(result.waitedSeconds()).isGreaterThanOrEqualTo(1.5).isLessThan(20);
            assertThat(result.line()).contains("seen=autovacuum:_VACUUM_public.domain_event_entry");
            statement.execute("DROP TABLE quiet_busy");
        }
    }

    @Test
    void givesUpAtItsTimeoutAndLeavesTheWorkAlone() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE quiet_stuck (what text)");
            statement.execute("INSERT INTO quiet_stuck VALUES ('autovacuum: ANALYZE public.fraud_alert')");
            PostgresQuiet.Result result = PostgresQuiet.await(connection, "SELECT what FROM quiet_stuck", 800, 100);
            assertThat(result.timedOut()).isTrue();
            assertThat(result.waitedSeconds()).isGreaterThanOrEqualTo(0.8).isLessThan(10);
            try (var rows = statement.executeQuery("SELECT count(*) FROM quiet_stuck")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            statement.execute("DROP TABLE quiet_stuck");
        }
    }
}
