package cn.huanxin.ledger.api.e2e;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/**
 * Tamper evidence on the embedded H2 file database. H2 has no superuser bypass for a trigger, so the
 * test drops the append-only trigger, changes the row and puts the trigger back, as an operator
 * with direct file access could.
 */
@ActiveProfiles("e2e")
class H2IntegrityEndToEndTest extends IntegrityEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-integrity-h2-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @Override
    void tamperWithPayload(long position, byte[] payload) {
        jdbc.execute("DROP TRIGGER domain_event_entry_append_only");
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", payload, position);
        jdbc.execute("CREATE TRIGGER domain_event_entry_append_only BEFORE UPDATE, DELETE ON domain_event_entry "
                + "FOR EACH ROW CALL 'cn.huanxin.ledger.api.config.H2AppendOnlyTrigger'");
    }

    @Override
    void tamperWithLeaf(long leafIndex, byte[] leafHash) {
        jdbc.execute("DROP TRIGGER seal_leaf_append_only");
        jdbc.update("UPDATE seal_leaf SET leaf_hash = ? WHERE leaf_index = ?", leafHash, leafIndex);
        jdbc.execute("CREATE TRIGGER seal_leaf_append_only BEFORE UPDATE, DELETE ON seal_leaf "
                + "FOR EACH ROW CALL 'cn.huanxin.ledger.api.config.H2AppendOnlyTrigger'");
    }
}
