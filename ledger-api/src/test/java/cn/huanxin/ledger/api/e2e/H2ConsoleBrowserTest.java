package cn.huanxin.ledger.api.e2e;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** The console in Chromium against the embedded H2 file database, in a fresh data directory. */
@ActiveProfiles("e2e")
class H2ConsoleBrowserTest extends ConsoleBrowserTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-console-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }
}
