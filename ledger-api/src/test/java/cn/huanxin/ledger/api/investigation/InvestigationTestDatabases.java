package cn.huanxin.ledger.api.investigation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two databases the investigation suites run on, each fresh for one test class, set up as the
 * end-to-end suites set theirs up (their helper is private to their package): an H2 file database
 * in a new data directory, and a real PostgreSQL started for the class.
 */
final class InvestigationTestDatabases {

    private InvestigationTestDatabases() {
    }

    static Path newDataDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data directory and the H2 URL the ledger would derive from it, with the ledger's own options. */
    static void registerH2(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("ledger.data-dir", dataDir::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDir.resolve("ledger")
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }

    /** One embedded PostgreSQL, started on first use and stopped by the owning class. */
    static final class Postgres {

        private EmbeddedPostgres postgres;

        synchronized EmbeddedPostgres get() {
            if (postgres == null) {
                try {
                    postgres = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
                }
            }
            return postgres;
        }

        void register(DynamicPropertyRegistry registry, String pseudonymKeyHex, Path dataDir) {
            registry.add("spring.datasource.url", () -> get().getJdbcUrl("postgres", "postgres"));
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "");
            registry.add("ledger.pseudonym.key", () -> pseudonymKeyHex);
            // Scratch databases of investigations live under the data directory, even on PostgreSQL.
            registry.add("ledger.data-dir", dataDir::toString);
        }

        synchronized void stop() throws IOException {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }
}
