package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --spring.profiles.active=postgres,axonserver}: the production set-up, its views, tokens and
 * receipts on a real PostgreSQL (zonky's embedded binaries, started for the class) migrated by
 * Flyway, and Axon Server unreachable. The e2e profile adds the test clients, which the postgres
 * profile does not ship.
 */
@ActiveProfiles({"postgres", "axonserver", "e2e"})
class PostgresAxonServerUnavailableEndToEndTest extends AxonServerUnavailableEndToEndTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        POSTGRES.register(registry, HexFormat.of().formatHex(key));
        registerUnreachableAxonServer(registry);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.stop();
    }

    @Test
    void viewsLiveOnPostgres() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
    }
}
