package cn.huanxin.ledger.api.investigation;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;

/** Investigations end to end on a real PostgreSQL with the production profile. */
@ActiveProfiles({"postgres", "e2e"})
class PostgresInvestigationEndToEndTest extends InvestigationEndToEndTest {

    private static final InvestigationTestDatabases.Postgres POSTGRES = new InvestigationTestDatabases.Postgres();
    static final Path DATA_DIR = InvestigationTestDatabases.newDataDirectory("ledger-investigation-pg-");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "6f".repeat(32), DATA_DIR);
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
