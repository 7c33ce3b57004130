package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion API end to end on the embedded H2 file database of the default set-up, in a fresh
 * data directory; the pseudonym key is generated there on start, as on a new machine.
 */
@ActiveProfiles("e2e")
class H2IngestionEndToEndTest extends IngestionEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-e2e-h2-");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @Override
    protected String pseudonymKeyHex() {
        try {
            return Files.readString(DATA_DIR.resolve("pseudonym.key"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the server did not generate its pseudonym key in " + DATA_DIR, e);
        }
    }

    @Test
    void databaseAndKeyLiveInTheFreshDataDirectory() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:file:" + DATA_DIR.resolve("ledger"));
        }
        assertThat(pseudonymKeyHex()).matches("[0-9a-f]{64}");
    }
}
