package cn.huanxin.ledger.loadgen;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

    @Test
    void defaultsAreTheBenchmarksPortDurableAndNoFurtherSetting() {
        EmbeddedPostgresServer.Options options = EmbeddedPostgresServer.parse(new String[0]);

        assertThat(options.port()).isEqualTo(54329);
        assertThat(options.durable()).isTrue();
        assertThat(options.settings()).isEmpty();
    }

    @Test
    void settingsAreKeptInOrderAndTheLastOneForANameWins() {
        EmbeddedPostgresServer.Options options = EmbeddedPostgresServer.parse(new String[]{"--port", "54400",
                "--setting", "shared_buffers=1GB", "--setting=max_wal_size=8GB", "--durable=false",
                "--setting", "shared_buffers=4GB", "--setting", "search_path=a=b"});

        assertThat(options.port()).isEqualTo(54400);
        assertThat(options.durable()).isFalse();
        assertThat(options.settings()).containsExactly(Map.entry("shared_buffers", "4GB"),
                Map.entry("max_wal_size", "8GB"), Map.entry("search_path", "a=b"));
    }

    @Test
    void aSettingWithoutNameOrValueOrAnUnknownOptionIsRefused() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.parse(new String[]{"--setting", "shared_buffers"}))
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> EmbeddedPostgresServer.parse(new String[]{"--setting", "=4GB"}))
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> EmbeddedPostgresServer.parse(new String[]{"--setting", "shared_buffers="}))
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> EmbeddedPostgresServer.parse(new String[]{"--setting"}))
                .hasMessageContaining("missing value");
        assertThatThrownBy(() -> EmbeddedPostgresServer.parse(new String[]{"--shared-buffers", "4GB"}))
                .hasMessageContaining("unknown option");
    }
}
