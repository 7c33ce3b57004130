package cn.huanxin.ledger.api.investigation;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** Investigations end to end on the embedded H2 file database, in a fresh data directory. */
@ActiveProfiles("e2e")
class H2InvestigationEndToEndTest extends InvestigationEndToEndTest {

    static final Path DATA_DIR = InvestigationTestDatabases.newDataDirectory("ledger-investigation-h2-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        InvestigationTestDatabases.registerH2(registry, DATA_DIR);
    }

    @Override
    Path dataDirectory() {
        return DATA_DIR;
    }
}
