package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.e2e.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;

/** Investigations end to end on a real PostgreSQL with the production profile. */
@ActiveProfiles({"postgres", "e2e"})
class PostgresInvestigationEndToEndTest extends InvestigationEndToEndTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();
    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-investigation-pg-");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "6f".repeat(32));
        // Scratch databases of investigations live under the data directory, even on PostgreSQL.
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.stop();
    }

    @Override
    Path dataDirectory() {
        return DATA_DIR;
    }
}
