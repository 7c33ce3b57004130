package cn.huanxin.ledger.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the generator's exact output. Benchmarks and the external acceptance scenario depend on the
 * same seed giving the same events byte for byte, so any change to the generator that alters its
 * output, including a different order of pseudo-random draws, must show up here as a changed hash.
 * The constants were captured from the generator as it was before it was split into one class per
 * case kind.
 */
class EventGeneratorGoldenTest {

    @ParameterizedTest(name = "run {0}, seed {1}, {2} events")
    @CsvSource({
            "GOLD, 42, 150, 9157b96a750069eb42e1febfeb86ee30acafadb83823b3f2e2f4ac673eba8d88",
            "GOLD, 42, 2000, fda232e4ecc91022e142f4f207ba17a11cd98c1733e0adf1f1f4b0dc9459170e",
            "GOLD, 42, 20000, dd4c264cb40a49f0dcba78300fa0f3c7d8fc0bf9cbe62774e20075a412b8b8d2",
            "GOLD, 7, 5000, ed429b6da02289424a85dfda74ed1d8974e6eb6c9545379dd6b6c33b110bd148",
            "LG-7.b, 7, 5000, 18d14f488ec9b41bb68e42e1b2b7e8888a19b06ea8294c589c3a25a56741b47b",
    })
    void generatesExactlyTheCapturedPlan(String runId, long seed, int events, String expectedSha256) {
        EventPlan plan = new EventGenerator(runId, seed).generate(events);
        assertThat(sha256(plan)).isEqualTo(expectedSha256);
    }

    /**
     * Hashes the plan's shape (setup size, then each case's size) and every event's id, type, stream,
     * creating flag and envelope, in posting order. The shape is included because the poster relies on
     * which events form one case, not only on their order.
     */
    private static String sha256(EventPlan plan) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(digest, "setup " + plan.setup().size());
        plan.setup().forEach(event -> update(digest, event));
        for (List<GeneratedEvent> events : plan.cases()) {
            update(digest, "case " + events.size());
            events.forEach(event -> update(digest, event));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, GeneratedEvent event) {
        update(digest, event.eventId());
        update(digest, event.type());
        update(digest, event.streamId());
        update(digest, Boolean.toString(event.creates()));
        digest.update(event.json());
        digest.update((byte) '\n');
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
