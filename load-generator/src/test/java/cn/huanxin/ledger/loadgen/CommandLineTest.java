package cn.huanxin.ledger.loadgen;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void readsBothFormsAndFlags() {
        Map<String, String> seen = new LinkedHashMap<>();
        assertThat(CommandLine.parse(new String[]{"--url", "http://x", "--events=5", "--plant", "--seed", "7"},
                Set.of("plant"), seen::put)).isTrue();
        assertThat(seen).containsExactly(Map.entry("url", "http://x"), Map.entry("events", "5"),
                Map.entry("plant", "true"), Map.entry("seed", "7"));
    }

    @Test
    void helpStopsAndProblemsNameTheOption() {
        assertThat(CommandLine.parse(new String[]{"--events", "5", "-h"}, Set.of(), (k, v) -> { })).isFalse();
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"events"}, Set.of(), (k, v) -> { }))
                .hasMessage("unexpected argument: events");
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"--events"}, Set.of(), (k, v) -> { }))
                .hasMessage("missing value for --events");
        assertThatThrownBy(() -> CommandLine.positive("events", "0")).hasMessage("--events must be a positive integer");
        assertThatThrownBy(() -> CommandLine.nonNegative("warmups", "-1")).hasMessage("--warmups must not be negative");
        assertThatThrownBy(() -> CommandLine.integer("seed", "x")).hasMessage("--seed must be an integer: x");
        assertThatThrownBy(() -> CommandLine.httpUrl("ftp://x")).hasMessageContaining("--url must start with");
        assertThat(CommandLine.positive("events", " 12 ")).isEqualTo(12);
    }
}
