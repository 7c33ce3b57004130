package cn.huanxin.ledger.loadgen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a throw-away PostgreSQL (zonky embedded binaries) on {@code 127.0.0.1:<port>} for the
 * ingest benchmark and blocks until the process is killed; a shutdown hook stops the server and
 * deletes its data directory.
 *
 * <pre>
 * java -cp load-generator.jar -Dloader.main=cn.huanxin.ledger.loadgen.EmbeddedPostgresServer \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [--port 54329] [--durable true|false] \
 *      [--setting name=value]...
 * </pre>
 *
 * <p>Prints {@code READY jdbc:postgresql://127.0.0.1:<port>/postgres user=postgres password=postgres}
 * once it accepts connections (authentication is {@code trust}, any password works).
 *
 * <p>The embedded library starts PostgreSQL with {@code fsync} and {@code synchronous_commit} off,
 * which makes a benchmark look better than production. By default ({@code --durable true}) both are
 * switched back on so that the numbers mean something; {@code --durable false} keeps the fast
 * settings. Each {@code --setting name=value} sets one more server setting ({@code shared_buffers=4GB},
 * say), after those; the last one given for a name wins. PostgreSQL refuses to run as root: run this as
 * an unprivileged user.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    /** The command line: the port, whether durable, and the further server settings in the order given. */
    record Options(int port, boolean durable, Map<String, String> settings) {
    }

    /** Reads the command line; a wrong one is an {@link IllegalArgumentException} that says what is wrong. */
    static Options parse(String[] args) {
        int port = 54329;
        boolean durable = true;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (value == null) {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            if (!arg.contains("=")) {
                i++;
            }
            switch (key) {
                case "--port" -> port = Integer.parseInt(value);
                case "--durable" -> durable = Boolean.parseBoolean(value);
                case "--setting" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0 || eq == value.length() - 1) {
                        throw new IllegalArgumentException("--setting wants name=value, not " + value);
                    }
                    settings.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        return new Options(port, durable, settings);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        int port = options.port();
        boolean durable = options.durable();
        Map<String, String> settings = options.settings();
        if ("root".equals(System.getProperty("user.name"))) {
            System.err.println("warning: PostgreSQL refuses to run as root; run this as an unprivileged user, e.g. "
                    + "setpriv --reuid=65534 --regid=65534 --clear-groups java ...");
        }

        Path dataDir = Files.createTempDirectory("huanxin-pg-");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300");
        if (durable) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            System.err.println("error: PostgreSQL did not start: " + e);
            deleteQuietly(dataDir);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedPostgres pg = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
                System.err.println("PostgreSQL stopped");
            } catch (IOException | RuntimeException e) {
                System.err.println("error while stopping PostgreSQL: " + e);
            } finally {
                deleteQuietly(dataDir);
                stopped.countDown();
            }
        }, "embedded-postgres-stop"));

        System.err.println("PostgreSQL data in " + dataDir + ", fsync and synchronous_commit "
                + (durable ? "on" : "off (fast, not durable)") + (settings.isEmpty() ? "" : ", " + settings));
        System.out.println("READY jdbc:postgresql://127.0.0.1:" + port + "/postgres user=postgres password=postgres");
        System.out.flush();
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: EmbeddedPostgresServer [--port 54329] [--durable true|false] [--setting name=value]...");
        System.exit(2);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
