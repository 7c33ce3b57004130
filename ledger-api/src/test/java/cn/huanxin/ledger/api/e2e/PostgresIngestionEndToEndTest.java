package cn.huanxin.ledger.api.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion API end to end on a real PostgreSQL (zonky's embedded binaries, started once for the
 * class) with the production profile {@code postgres}, its configured pseudonym key and the test clients.
 */
@ActiveProfiles({"postgres", "e2e"})
class PostgresIngestionEndToEndTest extends IngestionEndToEndTest {

    static final String KEY_HEX;
    private static EmbeddedPostgres postgres;

    static {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KEY_HEX = HexFormat.of().formatHex(key);
    }

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres().getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("ledger.pseudonym.key", () -> KEY_HEX);
    }

    /**
     * Stops the database once the class is done. The server's context is closed right after, by
     * {@code @DirtiesContext}; its pool then only closes sockets to a stopped server.
     */
    @AfterAll
    static void stopPostgres() throws IOException {
        synchronized (PostgresIngestionEndToEndTest.class) {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }

    @Override
    protected String pseudonymKeyHex() {
        return KEY_HEX;
    }

    @Test
    void databaseIsPostgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:postgresql://localhost:" + postgres().getPort());
        }
    }
}
