package cn.huanxin.ledger.loadgen;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Waits until PostgreSQL runs none of its own maintenance — no autovacuum worker vacuuming or
 * analyzing a table — so that a benchmark measures what it asks for, not that work beside it. Right
 * after a million events are ingested, autovacuum vacuums and analyzes the event table and the views'
 * tables for a while; a verification started then shares the 2 cores with it.
 *
 * <p>Quiet means two polls in a row, {@code --poll-ms} apart, found no worker (the launcher may start
 * the next table's worker just after one ends). It waits at most {@code --timeout-s} seconds and then
 * says so; it never stops or changes anything in the database.
 *
 * <p>Prints {@code QUIET waited_s=… timed_out=true|false seen=…}, where {@code seen} lists what the
 * workers were doing (their {@code pg_stat_activity.query}, such as
 * {@code autovacuum: VACUUM ANALYZE public.domain_event_entry}), {@code -} when none ran.
 *
 * <p>usage: {@code --jdbc-url U --user U --password P [--timeout-s 300] [--poll-ms 500]}
 */
public final class PostgresQuiet {

    /** PostgreSQL's own maintenance running now: one row per autovacuum worker, its activity. */
    static final String MAINTENANCE = "SELECT coalesce(query, '') FROM pg_stat_activity "
            + "WHERE backend_type = 'autovacuum worker' AND pid <> pg_backend_pid()";

    /** How long it waited, whether it gave up, and what it saw running. */
    record Result(double waitedSeconds, boolean timedOut, Set<String> seen) {

        String line() {
            String shown = seen.isEmpty() ? "-" : String.join(";", seen).replaceAll("\\s+", "_");
            return String.format(java.util.Locale.ROOT, "QUIET waited_s=%.1f timed_out=%s seen=%s", waitedSeconds,
                    timedOut, shown);
        }
    }

    private static final String USAGE =
            "usage: --jdbc-url U --user U --password P [--timeout-s 300] [--poll-ms 500]";

    private PostgresQuiet() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        if (!CommandLine.parse(args, Set.of(), options::put)) {
            System.out.println(USAGE);
            return;
        }
        String url = options.get("jdbc-url");
        String user = options.get("user");
        if (url == null || user == null) {
            throw new IllegalArgumentException(USAGE);
        }
        long timeoutMillis = 1000L * CommandLine.nonNegative("timeout-s", options.getOrDefault("timeout-s", "300"));
        long pollMillis = CommandLine.positive("poll-ms", options.getOrDefault("poll-ms", "500"));
        try (Connection connection = DriverManager.getConnection(url, user, options.getOrDefault("password", ""))) {
            System.out.println(await(connection, MAINTENANCE, timeoutMillis, pollMillis).line());
        }
    }

    /**
     * Polls {@code busyQuery} (one row per thing still running, its description in the first column)
     * until two polls in a row return no row, or until {@code timeoutMillis} have passed.
     */
    static Result await(Connection connection, String busyQuery, long timeoutMillis, long pollMillis)
            throws SQLException, InterruptedException {
        if (timeoutMillis < 0 || pollMillis < 1) {
            throw new IllegalArgumentException("the timeout must not be negative and the poll at least 1 ms");
        }
        long started = System.nanoTime();
        Set<String> seen = new LinkedHashSet<>();
        int quietPolls = 0;
        while (true) {
            boolean busy = false;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(busyQuery)) {
                while (rows.next()) {
                    busy = true;
                    if (seen.size() < 20) {
                        seen.add(rows.getString(1));
                    }
                }
            }
            quietPolls = busy ? 0 : quietPolls + 1;
            double waited = (System.nanoTime() - started) / 1e9;
            if (quietPolls >= 2) {
                return new Result(waited, false, seen);
            }
            if (waited * 1000 >= timeoutMillis) {
                return new Result(waited, true, seen);
            }
            Thread.sleep(pollMillis);
        }
    }
}
