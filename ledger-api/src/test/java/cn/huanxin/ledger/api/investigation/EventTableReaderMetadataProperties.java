package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.core.common.LedgerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an investigation reads of a stored event's metadata is what the parsed tree alone gave: the
 * texts of both instants, the source and the backfill flag, or the same refusal, for the ledger's own
 * shape (read without the parser) and for random texts around it (values that are not strings, JSON
 * nulls, escapes, non-ASCII, repeated and missing keys, truncation, text after the object).
 */
class EventTableReaderMetadataProperties {

    private static final String[] KEYS = {"occurredAt", "recordedAt", "source", "backfill", "eventId", "principal",
            "requestId", "occurred\\u0041t", "sourc", "é"};

    private final ObjectMapper json = LedgerJson.newObjectMapper();
    private final EventTableReader reader = new EventTableReader(null, null, json);

    @Property(tries = 2_000)
    void readsAsTheParsedTreeDoes(@ForAll("texts") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(() -> reader.metadata(bytes))).as(text).isEqualTo(outcome(() -> fromTree(bytes)));
    }

    @Example
    void theLedgersOwnMetadata() {
        byte[] bytes = ("{\"principal\":\"bench\",\"eventId\":\"vab-1\",\"occurredAt\":\"2024-08-04T06:11:33Z\","
                + "\"recordedAt\":\"2026-12-05T04:02:00.184Z\",\"backfill\":\"true\",\"source\":\"bench\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(reader.metadata(bytes)).isEqualTo(new EventTableReader.Metadata("2024-08-04T06:11:33Z",
                "2026-12-05T04:02:00.184Z", "bench", true));
        assertThat(reader.metadata("{\"source\":null,\"backfill\":true}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventTableReader.Metadata("", "", null, false));
    }

    /** The reading before the plain shape was read without the parser. */
    private EventTableReader.Metadata fromTree(byte[] bytes) throws Exception {
        JsonNode metadata = json.readTree(bytes);
        JsonNode source = metadata.get("source");
        JsonNode backfill = metadata.get("backfill");
        return new EventTableReader.Metadata(metadata.path("occurredAt").asText(), metadata.path("recordedAt").asText(),
                source == null || source.isNull() ? null : source.asText(),
                backfill != null && backfill.isTextual() && "true".equals(backfill.textValue()));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(KEYS), values(), spaces(), spaces())
                .as((key, value, a, b) -> a + "\"" + key + "\"" + b + ":" + value);
        Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(8), spaces())
                .as((members, a) -> "{" + String.join(",", members) + "}" + a);
        return Arbitraries.oneOf(object, object, object,
                Combinators.combine(object, Arbitraries.integers().between(0, 120))
                        .as((text, cut) -> text.substring(0, Math.min(cut, text.length()))),
                object.map(text -> text + "garbage"),
                object.map(text -> "[" + text + "]"),
                Arbitraries.of("", "null", "\"x\"", "12"));
    }

    private Arbitrary<String> values() {
        Arbitrary<String> plain = Arbitraries.of("true", "false", "bench", "", "2024-08-04T06:11:33Z",
                "2026-12-05T04:02:00.184Z", "2024-13-04T06:11:33Z").map(s -> "\"" + s + "\"");
        Arbitrary<String> odd = Arbitraries.strings().withChars("ab\\\"\u0001\t中é/").ofMaxLength(6)
                .map(s -> "\"" + s + "\"");
        return Arbitraries.frequencyOf(Tuple.of(8, plain), Tuple.of(2, odd),
                Tuple.of(1, Arbitraries.of("1", "true", "null", "{}", "[\"x\"]", "\"tru\\u0065\"")));
    }

    private Arbitrary<String> spaces() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars(" \t\n\r").ofMaxLength(3)));
    }

    private static String outcome(Callable<EventTableReader.Metadata> read) {
        try {
            return String.valueOf(read.call());
        } catch (Exception refused) {
            return "refused";
        }
    }
}
