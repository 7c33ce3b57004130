package cn.huanxin.ledger.projections.source;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the canonical metadata keys with {@link FlatMetadata} first gives exactly what Jackson's
 * parser gives alone — the same four values, or a refusal — for the ledger's own shape and for
 * random texts around it: other keys, values that are not strings, escapes, non-ASCII, control
 * characters, whitespace, repeated keys, truncation, text after the object and a byte-order mark.
 */
class FlatMetadataProperties {

    private static final String[] KEYS = {"occurredAt", "recordedAt", "source", "eventId", "principal", "requestId",
            "backfill", "ledgerEventId", "occurred\\u0041t", "é", "source ", "sourc", "eventIds"};

    private static final FlatMetadata PLAIN = new FlatMetadata(StoredEvent.CANONICAL_METADATA);

    @Property(tries = 2_000)
    void answersAsTheParserDoes(@ForAll("texts") String text) {
        byte[] json = text.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(() -> {
            Map<String, String> plain = PLAIN.scan(json);
            return plain != null ? plain : StoredEvent.parsedMetadata(json);
        })).as(text).isEqualTo(outcome(() -> StoredEvent.parsedMetadata(json)));
    }

    @Example
    void theLedgersOwnMetadataIsScanned() {
        byte[] json = ("{\"principal\":\"bench\",\"eventId\":\"vab-00004500\",\"occurredAt\":\"2024-08-04T06:11:33Z\","
                + "\"recordedAt\":\"2026-12-05T04:02:00.184Z\",\"requestId\":\"5478f3f6\",\"backfill\":\"true\","
                + "\"source\":\"bench\",\"ledgerEventId\":\"00e75365\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(PLAIN.scan(json)).isEqualTo(Map.of("eventId", "vab-00004500",
                "occurredAt", "2024-08-04T06:11:33Z", "recordedAt", "2026-12-05T04:02:00.184Z", "source", "bench"));
        assertThat(PLAIN.scan("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // what is not the plain shape is left to the parser
        assertThat(PLAIN.scan("{\"source\":1}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(PLAIN.scan("{\"source\":\"a\",\"source\":\"b\"}".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(KEYS), values(), spaces(), spaces(), spaces())
                .as((key, value, a, b, c) -> a + "\"" + key + "\"" + b + ":" + c + value);
        Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(9), spaces(), spaces())
                .as((members, a, b) -> a + "{" + String.join(",", members) + "}" + b);
        return Arbitraries.oneOf(object, object, object,
                Combinators.combine(object, Arbitraries.integers().between(0, 200))
                        .as((text, cut) -> text.substring(0, Math.min(cut, text.length()))),
                object.map(text -> text + "garbage"),
                object.map(text -> "\uFEFF" + text),
                object.map(text -> text.replace(",", " ")),
                object.map(text -> "[" + text + "]"));
    }

    private Arbitrary<String> values() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abcXYZ0129-:.TZ ").ofMaxLength(24)
                .map(s -> "\"" + s + "\"");
        Arbitrary<String> odd = Arbitraries.strings().withChars("ab\\\"\u0001\t中é/").ofMaxLength(6)
                .map(s -> "\"" + s + "\"");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, plain),
                net.jqwik.api.Tuple.of(2, odd),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("1", "-2.5", "true", "null", "{}", "{\"a\":\"b\"}", "[\"x\",1]",
                        "\"\\u0041\"", "\"\"")));
    }

    private Arbitrary<String> spaces() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars(" \t\n\r").ofMaxLength(3)));
    }

    private static String outcome(Callable<Map<String, String>> read) {
        try {
            return new TreeMap<>(read.call()).toString();
        } catch (Exception refused) {
            return "refused";
        }
    }
}
