package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
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
    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    static {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KEY_HEX = HexFormat.of().formatHex(key);
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, KEY_HEX);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.stop();
    }

    @Override
    protected String pseudonymKeyHex() {
        return KEY_HEX;
    }

    @Test
    void databaseIsPostgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:postgresql://localhost:" + POSTGRES.get().getPort());
        }
    }
}
