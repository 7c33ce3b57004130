package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.config.LedgerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymKeyConfigurationTest {

    @TempDir
    Path dataDir;

    private LedgerProperties properties(String key, boolean generate) {
        return new LedgerProperties(dataDir, new LedgerProperties.Pseudonym(key, generate), Map.of(),
                new LedgerProperties.Ingest(1 << 20, 16 << 20, 1000, 500, 300, 5));
    }

    @Test
    void productionRefusesToStartWithoutAConfiguredKey() {
        assertThatThrownBy(() -> PseudonymKeyConfiguration.loadKey(properties(null, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ledger.pseudonym.key is not set");
        assertThat(dataDir.resolve(PseudonymKeyConfiguration.KEY_FILE)).doesNotExist();
    }

    @Test
    void defaultProfileGeneratesAKeyOnceAndKeepsIt() throws Exception {
        byte[] first = PseudonymKeyConfiguration.loadKey(properties(null, true));
        byte[] second = PseudonymKeyConfiguration.loadKey(properties(null, true));
        assertThat(first).hasSize(32).isEqualTo(second);
        Path file = dataDir.resolve(PseudonymKeyConfiguration.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void configuredKeyWinsOverTheFile() {
        String hex = "ab".repeat(32);
        assertThat(PseudonymKeyConfiguration.loadKey(properties(hex, true))).containsOnly((byte) 0xab);
    }

    @Test
    void refusesShortOrMalformedKeys() {
        assertThatThrownBy(() -> PseudonymKeyConfiguration.loadKey(properties("abcd", false)))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> PseudonymKeyConfiguration.loadKey(properties("zz".repeat(32), false)))
                .hasMessageContaining("not a hex string");
    }
}
