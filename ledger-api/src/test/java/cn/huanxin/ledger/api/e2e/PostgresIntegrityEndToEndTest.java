package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

/**
 * Tamper evidence on a real PostgreSQL with the production profile. The test connects as the
 * superuser and disables the append-only trigger for its one change, as a rogue database
 * administrator could.
 */
@ActiveProfiles({"postgres", "e2e"})
class PostgresIntegrityEndToEndTest extends IntegrityEndToEndTest {

    private static final TestDatabases.Postgres POSTGRES = new TestDatabases.Postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry, "6a".repeat(32));
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.stop();
    }

    @Override
    void tamperWithPayload(long position, byte[] payload) {
        jdbc.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only");
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", payload, position);
        jdbc.execute("ALTER TABLE domain_event_entry ENABLE TRIGGER domain_event_entry_append_only");
    }

    @Override
    void tamperWithLeaf(long leafIndex, byte[] leafHash) {
        jdbc.execute("ALTER TABLE seal_leaf DISABLE TRIGGER seal_leaf_append_only");
        jdbc.update("UPDATE seal_leaf SET leaf_hash = ? WHERE leaf_index = ?", leafHash, leafIndex);
        jdbc.execute("ALTER TABLE seal_leaf ENABLE TRIGGER seal_leaf_append_only");
    }
}
