package cn.huanxin.ledger.api.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two databases the end-to-end suites run on, each fresh for one test class: an H2 file
 * database in a new data directory, and a real PostgreSQL started for the class.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A fresh data directory for the default (H2) set-up. */
    public static Path newDataDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The data directory and the database URL the ledger derives from it. The URL is set here as
     * well because the ledger derives it in an EnvironmentPostProcessor
     * ({@code EmbeddedDatabaseEnvironment}), which runs before dynamic test properties are added and
     * would otherwise put the database under {@code ./data}. The options are the ledger's own.
     */
    public static void registerH2(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("ledger.data-dir", dataDir::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDir.resolve("ledger")
                + cn.huanxin.ledger.api.config.EmbeddedDatabaseEnvironment.H2_OPTIONS);
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }

    /** One embedded PostgreSQL, started on first use and stopped by the owning class. */
    private static Path sealKeyFile;

    /**
     * The production profile's checkpoint signing key: one PEM file (private and public block) per
     * test run, as an operator would configure with {@code ledger.seal.key-file}.
     */
    static synchronized String sealKeyFile() {
        if (sealKeyFile == null) {
            java.security.KeyPair pair = cn.huanxin.ledger.core.integrity.Ed25519Keys.generate();
            try {
                Path file = Files.createTempFile("huanxin-seal-", ".pem");
                file.toFile().deleteOnExit();
                Files.writeString(file, cn.huanxin.ledger.core.integrity.Ed25519Keys.privateKeyPem(pair.getPrivate())
                        + cn.huanxin.ledger.core.integrity.Ed25519Keys.publicKeyPem(pair.getPublic()));
                sealKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sealKeyFile.toString();
    }

    public static final class Postgres {

        private EmbeddedPostgres postgres;

        /** The server, started on first use. */
        public synchronized EmbeddedPostgres get() {
            if (postgres == null) {
                try {
                    postgres = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
                }
            }
            return postgres;
        }

        /** The production profile's settings: the datasource and a configured pseudonym key. */
        public void register(DynamicPropertyRegistry registry, String pseudonymKeyHex) {
            registry.add("spring.datasource.url", () -> get().getJdbcUrl("postgres", "postgres"));
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "");
            registry.add("ledger.pseudonym.key", () -> pseudonymKeyHex);
            registry.add("ledger.seal.key-file", TestDatabases::sealKeyFile);
        }

        /**
         * Stops the database once the class is done. The server's context is closed right after, by
         * {@code @DirtiesContext}; its pool then only closes sockets to a stopped server.
         */
        public synchronized void stop() throws IOException {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }
}
