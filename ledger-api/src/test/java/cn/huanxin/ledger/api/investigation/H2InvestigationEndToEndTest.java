package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.e2e.TestDatabases;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** Investigations end to end on the embedded H2 file database, in a fresh data directory. */
@ActiveProfiles("e2e")
class H2InvestigationEndToEndTest extends InvestigationEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-investigation-h2-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @Override
    Path dataDirectory() {
        return DATA_DIR;
    }
}
