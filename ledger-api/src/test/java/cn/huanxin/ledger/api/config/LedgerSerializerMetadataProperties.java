package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.LedgerJson;
import cn.huanxin.ledger.projections.source.FlatMetadata;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored metadata read by the ledger's serializer — {@link FlatMetadata} for the plain shape, Axon's
 * Jackson deserializer for anything else — is exactly what Axon's Jackson deserializer alone reads:
 * the same metadata or a refusal, for the ledger's own shape and for random texts around it (values
 * that are not strings, escapes, non-ASCII, control characters, whitespace, repeated keys, nesting,
 * truncation, text after the object, a byte-order mark). And metadata written by the ledger's
 * serializer is byte for byte what Axon's Jackson serializer writes, whatever its keys and values.
 */
class LedgerSerializerMetadataProperties {

    private static final String[] KEYS = {"occurredAt", "recordedAt", "source", "eventId", "principal", "requestId",
            "backfill", "ledgerEventId", "traceId", "correlationId", "occurred\\u0041t", "é", "source ", "", "a\\\"b"};

    private final Serializer axon = JacksonSerializer.builder().objectMapper(LedgerJson.newObjectMapper()).build();
    private final LedgerSerializer ledger = LedgerSerializer.create(LedgerJson.newObjectMapper(),
            new AnnotationRevisionResolver(), getClass().getClassLoader(), EventTypeNames.ledger());

    @Property(tries = 2_000)
    void readsMetadataAsAxonsDeserializerDoes(@ForAll("texts") String text) {
        SerializedObject<byte[]> stored = stored(text);
        assertThat(outcome(() -> ledger.deserialize(stored))).as(text).isEqualTo(outcome(() -> axon.deserialize(stored)));
    }

    @Property(tries = 2_000)
    void writesMetadataAsAxonsSerializerDoes(@ForAll("metadata") Map<String, Object> members) {
        MetaData metaData = MetaData.from(members);
        SerializedObject<byte[]> written = ledger.serialize(metaData, byte[].class);
        SerializedObject<byte[]> expected = axon.serialize(metaData, byte[].class);
        assertThat(new String(written.getData(), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected.getData(), StandardCharsets.UTF_8));
        assertThat(written.getData()).isEqualTo(expected.getData());
        assertThat(written.getType()).isEqualTo(expected.getType());
        if (FlatMetadata.write(metaData) != null) {
            assertThat((MetaData) ledger.deserialize(written)).isEqualTo(metaData);
        }
    }

    @Example
    void theLedgersOwnMetadataIsWrittenWithoutTheGenerator() {
        MetaData plain = MetaData.with("principal", "bench").and("recordedAt", "2026-12-05T04:02:00.184Z");
        assertThat(FlatMetadata.write(plain)).isNotNull();
        assertThat(FlatMetadata.write(Map.of())).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        // anything else goes to Jackson
        assertThat(FlatMetadata.write(Map.of("n", 1))).isNull();
        assertThat(FlatMetadata.write(Map.of("a", "x\"y"))).isNull();
        assertThat(FlatMetadata.write(Map.of("a", "中"))).isNull();
        assertThat(FlatMetadata.write(Map.of("a\u0001", "x"))).isNull();
        assertThat(FlatMetadata.write(Map.of("a", "\u007f ~/"))).isEqualTo("{\"a\":\"\u007f ~/\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Map<String, Object>> metadata() {
        Arbitrary<String> keys = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(KEYS)),
                Tuple.of(1, Arbitraries.strings().withChars("ab\\\"\u0001\u001f\u007f\u0080 /中é").ofMaxLength(4)));
        Arbitrary<Object> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30).map(s -> s);
        Arbitrary<Object> odd = Arbitraries.strings().withChars("ab\\\"\u0001\t\u007f\u0080中é/")
                .ofMaxLength(6).map(s -> s);
        Arbitrary<Object> other = Arbitraries.of(1, -2.5, true, 12L);
        Arbitrary<Object> values = Arbitraries.frequencyOf(Tuple.of(10, plain), Tuple.of(2, odd), Tuple.of(1, other));
        return Arbitraries.maps(keys, values).ofMaxSize(10);
    }

    @Example
    void theLedgersOwnMetadataIsReadWithoutTheParser() {
        MetaData written = MetaData.with("principal", "bench").and("eventId", "vab-00004500")
                .and("occurredAt", "2024-08-04T06:11:33Z").and("recordedAt", "2026-12-05T04:02:00.184Z")
                .and("requestId", "5478f3f6").and("backfill", "true").and("source", "bench")
                .and("traceId", "0af7651916cd43dd8448eb211c80319c").and("correlationId", "c2b1");
        SerializedObject<byte[]> stored = ledger.serialize(written, byte[].class);
        assertThat(FlatMetadata.members(stored.getData())).isEqualTo(written);
        MetaData read = ledger.deserialize(stored);
        assertThat(read).isEqualTo(written).isEqualTo(axon.deserialize(stored));
        // what is not the plain shape goes to the parser, which reads it as before
        assertThat(FlatMetadata.members("{\"backfill\":true}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat((MetaData) ledger.deserialize(stored("{\"backfill\":true,\"n\":2}")))
                .isEqualTo(MetaData.with("backfill", true).and("n", 2));
        assertThat(FlatMetadata.members("{\"a\":\"1\",\"a\":\"2\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat((MetaData) ledger.deserialize(stored("{\"a\":\"1\",\"a\":\"2\"}"))).isEqualTo(MetaData.with("a", "2"));
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
                object.map(text -> "[" + text + "]"),
                Arbitraries.of("", "null", "\"x\"", "12"));
    }

    private Arbitrary<String> values() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abcXYZ0129-:.TZ ").ofMaxLength(24)
                .map(s -> "\"" + s + "\"");
        Arbitrary<String> odd = Arbitraries.strings().withChars("ab\\\"\u0001\t中é/").ofMaxLength(6)
                .map(s -> "\"" + s + "\"");
        return Arbitraries.frequencyOf(Tuple.of(8, plain), Tuple.of(2, odd),
                Tuple.of(1, Arbitraries.of("1", "-2.5", "true", "null", "{}", "{\"a\":\"b\"}", "[\"x\",1]",
                        "\"\\u0041\"", "\"\"")));
    }

    private Arbitrary<String> spaces() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars(" \t\n\r").ofMaxLength(3)));
    }

    private static SerializedObject<byte[]> stored(String text) {
        return new SimpleSerializedObject<>(text.getBytes(StandardCharsets.UTF_8), byte[].class,
                MetaData.class.getName(), null);
    }

    /** The metadata read, its entries in key order with each value's class, or the refusal. */
    private static String outcome(Callable<Object> read) {
        try {
            Object read1 = read.call();
            if (!(read1 instanceof MetaData metaData)) {
                return "not metadata: " + read1;
            }
            Map<String, String> shown = new TreeMap<>();
            metaData.forEach((k, v) -> shown.put(k, v == null ? "null" : v.getClass().getSimpleName() + ":" + v));
            return shown.toString();
        } catch (Exception refused) {
            return "refused";
        }
    }
}
