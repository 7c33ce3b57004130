package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

/** The console in Chromium against a real PostgreSQL with the production profile. */
@ActiveProfiles({"postgres", "e2e"})
class PostgresConsoleBrowserTest extends ConsoleBrowserTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "c0".repeat(32));
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.stop();
    }
}
