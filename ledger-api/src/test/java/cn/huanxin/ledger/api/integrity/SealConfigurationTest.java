package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.core.integrity.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the checkpoint signing key comes from, and what happens without one. */
class SealConfigurationTest {

    @TempDir
    Path dataDir;

    @Test
    void productionRefusesToStartWithoutAKeyFile() {
        assertThatThrownBy(() -> SealConfiguration.loadKey(properties(null, false), dataDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ledger.seal.key-file is not set");
        assertThat(dataDir.resolve(SealConfiguration.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void theDefaultProfileGeneratesOneKeyOwnerOnlyAndKeepsIt() throws Exception {
        SigningKey first = SealConfiguration.loadKey(properties(null, true), dataDir);
        Path file = dataDir.resolve(SealConfiguration.GENERATED_KEY_FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        SigningKey again = SealConfiguration.loadKey(properties(null, true), dataDir);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        // a configured key file wins over generation
        SigningKey configured = SealConfiguration.loadKey(properties(file, true), dataDir.resolve("elsewhere"));
        assertThat(configured.keyId()).isEqualTo(first.keyId());
    }

    @Test
    void aKeyFileWithoutBothBlocksIsRefusedClearly() throws Exception {
        SealConfiguration.loadKey(properties(null, true), dataDir);
        String pem = Files.readString(dataDir.resolve(SealConfiguration.GENERATED_KEY_FILE));
        Path privateOnly = Files.writeString(dataDir.resolve("private-only.pem"),
                pem.substring(0, pem.indexOf("-----BEGIN PUBLIC KEY-----")));
        assertThatThrownBy(() -> SealConfiguration.loadKey(properties(privateOnly, false), dataDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PUBLIC KEY");
    }

    private static SealProperties properties(Path keyFile, boolean generate) {
        return new SealProperties(keyFile, generate, 1000, Duration.ofSeconds(2), Duration.ofSeconds(10), 10_000,
                java.util.List.of());
    }
}
