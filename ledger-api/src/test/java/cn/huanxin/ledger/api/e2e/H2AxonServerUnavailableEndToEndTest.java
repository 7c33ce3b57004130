package cn.huanxin.ledger.api.e2e;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/**
 * {@code --spring.profiles.active=default,axonserver}: the views, tokens and receipts on the embedded
 * H2 file database of the default profile, in a fresh data directory, and Axon Server unreachable.
 */
@ActiveProfiles({"default", "axonserver"})
class H2AxonServerUnavailableEndToEndTest extends AxonServerUnavailableEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-e2e-axonserver-h2-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
        registerUnreachableAxonServer(registry);
    }
}
