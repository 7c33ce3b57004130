package cn.huanxin.ledger.loadgen;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw ceiling of the benchmark: how fast plain JDBC inserts event-shaped rows into the same
 * PostgreSQL, so that the ledger's ingest can be reported as a share of what the database allows at
 * all. The rows go into a copy of the event table ({@code LIKE domain_event_entry INCLUDING ALL}:
 * the same columns, primary key, unique indexes and identity), with payloads and metadata taken from
 * the ledger's own stored events in turn, so the sizes are the same; each batch is one transaction,
 * as each of the ledger's chunks is. The copy is dropped afterwards.
 *
 * <p>Prints {@code RAW events=… seconds=… events_per_s=… threads=… batch_size=…}.
 *
 * <p>usage: {@code --jdbc-url U --user U --password P --events N [--batch-size 1000] [--threads 2]}
 */
public final class RawInsertCeiling {

    private static final String TABLE = "bench_raw_event";
    private static final int SAMPLE = 10_000;

    private record Template(String aggregateIdentifier, String type, String payloadType, String revision,
                            byte[] payload, byte[] metaData) {
    }

    private RawInsertCeiling() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String url = required(options, "jdbc-url");
        String user = required(options, "user");
        String password = options.getOrDefault("password", "");
        long events = Long.parseLong(required(options, "events"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "1000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        if (events < 1 || batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("events, batch-size and threads must be at least 1");
        }

        List<Template> templates = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE + " (LIKE domain_event_entry INCLUDING ALL)");
            try (ResultSet rows = statement.executeQuery("SELECT aggregate_identifier, type, payload_type, "
                    + "payload_revision, payload, meta_data FROM domain_event_entry ORDER BY global_index LIMIT "
                    + SAMPLE)) {
                while (rows.next()) {
                    templates.add(new Template(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getBytes(5), rows.getBytes(6)));
                }
            }
        }
        if (templates.isEmpty()) {
            throw new IllegalStateException("domain_event_entry is empty: run the ledger's ingest first");
        }

        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    insert(url, user, password, templates, next, events, batchSize);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + TABLE);
        }
        System.out.printf(java.util.Locale.ROOT, "RAW events=%d seconds=%.2f events_per_s=%d threads=%d batch_size=%d%n",
                events, seconds, Math.round(events / seconds), threads, batchSize);
    }

    private static void insert(String url, String user, String password, List<Template> templates, AtomicLong next,
                               long events, int batchSize) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                    + "payload_revision, payload, meta_data) VALUES (?,?,?,?,?,?,?,?,?)")) {
                while (true) {
                    long first = next.getAndAdd(batchSize);
                    if (first >= events) {
                        return;
                    }
                    long last = Math.min(events, first + batchSize);
                    for (long i = first; i < last; i++) {
                        Template template = templates.get((int) (i % templates.size()));
                        insert.setString(1, UUID.randomUUID().toString());
                        // One stream per row keeps the unique (stream, sequence) index as busy as the
                        // ledger's, whose streams are mostly short.
                        String stream = template.aggregateIdentifier() + "~" + i;
                        insert.setString(2, stream.length() <= 128 ? stream : stream.substring(stream.length() - 128));
                        insert.setLong(3, 0);
                        insert.setString(4, template.type());
                        insert.setString(5, Instant.now().toString());
                        insert.setString(6, template.payloadType());
                        insert.setString(7, template.revision());
                        insert.setBytes(8, template.payload());
                        insert.setBytes(9, template.metaData());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
