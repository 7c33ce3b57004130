package cn.huanxin.ledger.api.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The meter names are what dashboards and alerts are built on: they are pinned here, and no code of
 * ledger-api or the projections registers a meter under a name written anywhere but in
 * {@link LedgerMetrics}.
 */
class LedgerMetricsTest {

    /** Every meter's name and tag keys, written out by hand. */
    private static final Map<String, List<String>> PINNED = pinned();

    private static Map<String, List<String>> pinned() {
        Map<String, List<String>> meters = new LinkedHashMap<>();
        meters.put("ledger.ingest.events", List.of("type", "status"));
        meters.put("ledger.ingest.conflicts", List.of());
        meters.put("ledger.ingest.backpressure.waits", List.of());
        meters.put("ledger.views.lag", List.of());
        meters.put("ledger.alerts.raised", List.of("rule", "severity"));
        meters.put("ledger.verify.duration", List.of());
        meters.put("ledger.verify.checked", List.of());
        meters.put("ledger.security.login.failures", List.of());
        meters.put("ledger.security.login.throttled", List.of());
        meters.put("ledger.refusals", List.of("status", "code"));
        meters.put("ledger.ingest.batch.events", List.of());
        meters.put("ledger.view.lag.events", List.of("view"));
        meters.put("ledger.view.lag.seconds", List.of("view"));
        meters.put("ledger.view.rebuild.progress", List.of("view"));
        meters.put("ledger.seal.lag.events", List.of());
        meters.put("ledger.seal.checkpoint.age.seconds", List.of());
        meters.put("ledger.verify.progress", List.of());
        meters.put("ledger.investigations.queued", List.of());
        meters.put("ledger.investigations.running", List.of());
        meters.put("ledger.investigations.events.read", List.of());
        return meters;
    }

    /** A meter registered under a string literal: a builder or a registry shortcut given a quoted name. */
    private static final Pattern LITERAL_METER_NAME = Pattern.compile(
            "(Counter|Gauge|Timer|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\.builder\\(\\s*\"|\\.(counter|gauge|timer|summary|more\\(\\)\\.\\w+)\\(\\s*\"");

    @Test
    void theMetersAreThePinnedOnes() {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        LedgerMetrics.ALL.forEach(meter -> declared.put(meter.name(), meter.tagKeys()));

        assertThat(declared).containsExactlyEntriesOf(PINNED);
        assertThat(LedgerMetrics.ALL).allSatisfy(meter -> assertThat(meter.description()).isNotBlank());
    }

    @Test
    void noMeterIsRegisteredUnderANameWrittenElsewhere() throws IOException {
        // Surefire runs in the module's directory, so the projections' sources are one level up.
        for (Path sources : List.of(Path.of("src/main/java"), Path.of("../projections/src/main/java"))) {
            assertThat(sources).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file ->
                        assertThat(LITERAL_METER_NAME.matcher(read(file)).find())
                                .as("%s registers a meter under a literal name; use LedgerMetrics", file).isFalse());
            }
        }
    }

    @Test
    void tagsAreTheDeclaredKeysWithTheirValues() {
        assertThat(LedgerMetrics.INGEST_EVENTS.tags("SubsidyGranted", "201").stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue()).toList())
                .containsExactly("status=201", "type=SubsidyGranted");
        assertThatThrownBy(() -> LedgerMetrics.ALERTS_RAISED.tags("R01"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
