package cn.huanxin.ledger.core.integrity;

import cn.huanxin.ledger.core.common.LedgerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CanonicalEncoder} gives exactly the bytes of {@link CanonicalEvent#encode} over the payload
 * read as a tree — or refuses exactly when it refuses — for random JSON texts: members in any order,
 * nested objects and arrays, escapes, non-ASCII and lone surrogates, integers up to and past
 * 2^53, decimals, repeated names, text after the object, and instants of every fraction length.
 */
class CanonicalEncoderProperties {

    private static final ObjectMapper JSON = LedgerJson.newObjectMapper();

    @Provide
    Arbitrary<String> payloads() {
        return object(2);
    }

    private Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Arbitraries.strings().withChars("abcAB_é中\"\\\n").ofMaxLength(4)
                .flatMap(name -> value(depth).map(v -> quote(name) + ":" + v));
        return member.list().ofMaxSize(7).map(members -> "{" + String.join(",", members) + "}");
    }

    private Arbitrary<String> value(int depth) {
        List<Arbitrary<String>> choices = new ArrayList<>(List.of(
                Arbitraries.strings().all().ofMaxLength(12).map(CanonicalEncoderProperties::quote),
                Arbitraries.strings().withChars("09az.-\u0001\t\"\\\u00e9\u4e2d\ud800\udc00").ofMaxLength(8)
                        .map(CanonicalEncoderProperties::quote),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("9007199254740991", "-9007199254740991", "9007199254740992", "123456789012345678901",
                        "0", "-0", "1.50", "12.345", "0.1000", "1e3", "1.2345678901234567", "-0.0", "3.0",
                        "1E+2", "1.000e-3", "0e5", "-0.000", "9007199254740991.0", "9007199254740992.0",
                        "9007199254740993e0", "1.0000000000000001", "123456789012345.6", "12345678901234.56",
                        "1e16", "1e15", "-1.5e-1", "660.728", "0.0005", "1e-400", "1e400", "-12345678901234567890.0"),
                decimals(),
                Arbitraries.of("true", "false", "null")));
        if (depth > 0) {
            choices.add(object(depth - 1));
            choices.add(Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4)
                    .map(items -> "[" + String.join(",", items) + "]"));
        }
        return Arbitraries.oneOf(choices);
    }

    /** Decimal numbers in every notation JSON allows, in and out of the ledger's range. */
    private static Arbitrary<String> decimals() {
        Arbitrary<java.math.BigDecimal> numbers = Arbitraries.longs().between(-1_000_000_000_000_000_000L,
                1_000_000_000_000_000_000L).flatMap(unscaled -> Arbitraries.integers().between(-20, 20)
                .map(scale -> java.math.BigDecimal.valueOf(unscaled, scale)));
        return numbers.flatMap(n -> Arbitraries.of(n.toString(), n.toPlainString(), n.toEngineeringString(),
                n.toPlainString().contains(".") ? n.toPlainString() + "00" : n.toPlainString() + ".0"));
    }

    /** A JSON string literal; control characters, quotes and lone surrogates as \\u escapes. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L + 86_400L * 400)
                .flatMap(seconds -> Arbitraries.of(0, 1, 120_000_000, 123_000_000, 123_400_000, 123_456_000,
                                123_456_700, 999_999_999, 1_000)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }

    @Property(tries = 500)
    void encodesEveryPayloadAsTheTreeDoes(@ForAll("payloads") String payload, @ForAll("instants") Instant occurredAt) {
        assertSame(payload, occurredAt);
    }

    /** One encoder for many events, as a hashing thread has: what it keeps of the days it wrote is right. */
    @Property(tries = 100)
    void encodesSuccessiveInstantsWithOneEncoderAsTheTreeDoes(@ForAll("instantRuns") List<Instant> instants) {
        CanonicalEncoder encoder = new CanonicalEncoder();
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < instants.size(); i++) {
            Instant occurredAt = instants.get(i);
            Instant recordedAt = instants.get((i * 7 + 3) % instants.size());
            byte[] expected;
            try {
                expected = CanonicalEvent.encode(i + 1, "e", "s", 0, "T", "1", occurredAt, recordedAt, "src", "id",
                        JSON.readTree(json));
            } catch (Exception refused) {
                int position = i + 1;
                assertThatThrownBy(() -> encoder.encode(position, "e", "s", 0, "T", "1", occurredAt, recordedAt,
                        "src", "id", json)).isInstanceOf(RuntimeException.class);
                continue;
            }
            assertThat(encoder.encode(i + 1, "e", "s", 0, "T", "1", occurredAt, recordedAt, "src", "id", json))
                    .isEqualTo(expected);
        }
    }

    /** Runs of instants on a few neighbouring days, with some from anywhere between. */
    @Provide
    Arbitrary<List<Instant>> instantRuns() {
        Arbitrary<Instant> near = Arbitraries.longs().between(1_719_792_000L, 1_719_792_000L + 86_400L * 3)
                .map(Instant::ofEpochSecond);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, near), net.jqwik.api.Tuple.of(1, instants()))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void encodesEveryTextAsTheTreeDoes(@ForAll("texts") String payload) {
        assertSame(payload, Instant.parse("2024-07-29T03:21:46Z"));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                payloads().map(p -> p + " {}"),
                payloads().map(p -> p.length() > 2 ? p.substring(0, p.length() / 2) : p),
                payloads().tuple2().map(Tuple.Tuple2::toString),
                Arbitraries.of("", "[]", "\"x\"", "12", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}",
                        "{\"a\":1}garbage", "{\"a\":NaN}", "{\"a\":[1,2,]}", "{\"a\":1.0}", "{\"b\":0.5,\"a\":-7}",
                "{\"a\":{\"a\":10e749957122}}"));
    }

    /**
     * The envelope's own strings (event id, ledger event id, stream, type, revision, source): plain
     * ASCII is copied as it is checked, and a string that needs an escape or UTF-8 part way through is
     * written again over what was copied. One encoder for every try, so a string written again must
     * leave nothing of the copy behind.
     */
    @Property(tries = 500)
    void encodesTheEnvelopesStringsAsTheTreeDoes(@ForAll("envelopeTexts") String eventId,
                                                 @ForAll("envelopeTexts") String source,
                                                 @ForAll("envelopeTexts") String streamId) {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2024-08-17T08:39:50.123Z");
        byte[] expected = CanonicalEvent.encode(7, "L-" + eventId, streamId, 2, "SubsidyPaid", "1", at, at, source,
                eventId, JSON.valueToTree(java.util.Map.of("a", 1)));
        assertThat(SHARED.encode(7, "L-" + eventId, streamId, 2, "SubsidyPaid", "1", at, at, source, eventId, payload))
                .isEqualTo(expected);
        assertThat(SHARED.leafHash(7, "L-" + eventId, streamId, 2, "SubsidyPaid", "1", at, at, source, eventId,
                payload)).isEqualTo(MerkleTree.leafHash(expected));
    }

    private static final CanonicalEncoder SHARED = new CanonicalEncoder();

    @Provide
    Arbitrary<String> envelopeTexts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("-:._0123456789").ofMinLength(0)
                        .ofMaxLength(40),
                Arbitraries.strings().withCharRange('a', 'z').withChars("\"\\\n\t\u0001\u007f\u0080\u00e9中文😀")
                        .ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(1200)
                        .map(plain -> plain + "中"));
    }

    @Example
    void aStoredPaymentEncodesAsTheTreeDoes() {
        assertSame("{\"subsidyId\":\"dev-S-320803-0000070\",\"paymentId\":\"dev-PAY-0000070\",\"amount\":\"839.80\","
                + "\"paidOn\":\"2024-08-17\",\"payeeAccountRef\":\"71d1b98f\",\"owner\":{\"personRef\":\"edc6\","
                + "\"a\":[3,{\"z\":1,\"y\":\"中文\"}]}}", Instant.parse("2024-08-17T08:39:50.123456Z"));
    }

    @Example
    void refusesWhatTheTreePathRefuses() {
        CanonicalEncoder encoder = new CanonicalEncoder();
        byte[] notAnObject = "[1]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> encoder.encode(1, "e", "s", 0, "T", "1", Instant.EPOCH, Instant.EPOCH, "src", "id",
                notAnObject)).isInstanceOf(IllegalArgumentException.class);
        byte[] object = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> encoder.encode(0, "e", "s", 0, "T", "1", Instant.EPOCH, Instant.EPOCH, "src", "id",
                object)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(1, null, "s", 0, "T", "1", Instant.EPOCH, Instant.EPOCH, "src", "id",
                object)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Payloads changed byte by byte: whitespace of every kind between and inside tokens, a BOM, bytes
     * that are not well-formed UTF-8 (overlong, surrogates, above U+10FFFF, cut short, a lone
     * continuation), control bytes and escapes — what the payload's own bytes are copied for must
     * still come out as the tree writes it, and what they are not copied for must be refused as the
     * tree refuses it.
     */
    @Property(tries = 1000)
    void encodesEveryAlteredByteTextAsTheTreeDoes(@ForAll("payloadsOfEveryShape") String payload,
                                                   @ForAll("alterations") List<Tuple.Tuple2<Integer, byte[]>> changes) {
        byte[] json = payload.getBytes(StandardCharsets.UTF_8);
        for (Tuple.Tuple2<Integer, byte[]> change : changes) {
            int at = Math.floorMod(change.get1(), json.length + 1);
            byte[] inserted = change.get2();
            byte[] altered = new byte[json.length + inserted.length];
            System.arraycopy(json, 0, altered, 0, at);
            System.arraycopy(inserted, 0, altered, at, inserted.length);
            System.arraycopy(json, at, altered, at + inserted.length, json.length - at);
            json = altered;
        }
        assertSameBytes(json, Instant.parse("2024-07-29T03:21:46.5Z"));
    }

    /** The random payloads above, and as many of the ledger's plain shape, which are copied from their bytes. */
    @Provide
    Arbitrary<String> payloadsOfEveryShape() {
        return Arbitraries.oneOf(payloads(), plainObject(2));
    }

    /** Objects of ASCII names, text of every script without escapes, integers and decimals in range. */
    private Arbitrary<String> plainObject(int depth) {
        Arbitrary<String> member = Arbitraries.strings().withChars("abcdAB_1").ofMinLength(1).ofMaxLength(3)
                .flatMap(name -> plainValue(depth).map(v -> "\"" + name + "\":" + v));
        return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
    }

    private Arbitrary<String> plainValue(int depth) {
        List<Arbitrary<String>> choices = new ArrayList<>(List.of(
                Arbitraries.strings().withChars("az09 .-é中文\u00a0\u2028\uffff\u007f").withChars("😀")
                        .ofMaxLength(10).map(text -> "\"" + text + "\""),
                Arbitraries.longs().between(-9_007_199_254_740_991L, 9_007_199_254_740_991L).map(n -> Long.toString(n)),
                Arbitraries.of("0", "-0.0", "0.50", "12.345", "-0.05", "123456789012.345", "5.000", "-5.0"),
                Arbitraries.of("true", "false", "null")));
        if (depth > 0) {
            choices.add(plainObject(depth - 1));
            choices.add(Arbitraries.lazy(() -> plainValue(depth - 1)).list().ofMaxSize(3)
                    .map(items -> "[" + String.join(",", items) + "]"));
        }
        return Arbitraries.oneOf(choices);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, byte[]>>> alterations() {
        Arbitrary<byte[]> snippets = Arbitraries.of(
                bytes(" "), bytes("\t"), bytes("\n"), bytes("\r"), bytes("\u000b"), bytes("\u00a0"),
                new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[]{(byte) 0xc0, (byte) 0x80},
                new byte[]{(byte) 0xc1, (byte) 0xbf}, new byte[]{(byte) 0xe0, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[]{(byte) 0xed, (byte) 0x9f, (byte) 0xbf},
                new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, new byte[]{(byte) 0xf0, (byte) 0x8f},
                new byte[]{(byte) 0xf0, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf},
                new byte[]{(byte) 0xe4, (byte) 0xb8}, new byte[]{(byte) 0x80}, new byte[]{(byte) 0xff},
                new byte[]{0x00}, new byte[]{0x1f}, new byte[]{0x7f}, bytes("\\"), bytes("\\u0041"), bytes("\""),
                bytes("-"), bytes("0"), bytes("."), bytes("e"), bytes("E+"), bytes("00"), bytes(","), bytes(":"),
                bytes("}"), bytes("]"), bytes("{"), bytes("["), bytes("true"), bytes("x"), bytes("/* */"));
        return Arbitraries.integers().between(0, 400).flatMap(at -> snippets
                .map(snippet -> Tuple.of(at, snippet))).list().ofMaxSize(3);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Payloads of the ledger's usual shape take the copying path, and what it leaves to the parser is left. */
    @Example
    void theLedgersUsualPayloadsAreCopiedFromTheirBytes() {
        RawPayload raw = new RawPayload();
        String payment = "{\"subsidyId\":\"dev-S-320803-0000070\",\"amount\":\"839.80\",\"weightKg\":12.50,"
                + "\"count\":3,\"paid\":true,\"note\":null,\"owner\":{\"name\":\"张三 😀\",\"a\":[]},\"list\":[1, -2.0]}";
        assertThat(raw.write(payment.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(new String(raw.bytes(), 0, raw.length(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"amount\":\"839.80\",\"count\":3,\"list\":[1,-2],\"note\":null,\"owner\":{\"a\":[],"
                        + "\"name\":\"张三 😀\"},\"paid\":true,\"subsidyId\":\"dev-S-320803-0000070\",\"weightKg\":12.5}");
        for (String other : List.of("{\"a\":\"x\\ny\"}", "{\"a\":1e3}", "{\"a\":-0}", "{\"中\":1}",
                "{\"a\":1,\"a\":1}", "{\"a\":9007199254740992}", "{\"a\":0.0005}", "\ufeff{}", "{} x", "[]")) {
            assertThat(raw.write(other.getBytes(StandardCharsets.UTF_8))).as(other).isFalse();
        }
        assertSame("{\"a\":\"x\\ny\"}", Instant.EPOCH);
    }

    /** Every kind of byte sequence that is not well-formed UTF-8, inside a text the payload's bytes would be copied for. */
    @Example
    void textThatIsNotWellFormedUtf8IsLeftToTheParser() {
        int[][] sequences = {{0xc0, 0x80}, {0xc1, 0xbf}, {0xe0, 0x9f, 0xbf}, {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf},
                {0xf0, 0x8f, 0xbf, 0xbf}, {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0xe4, 0xb8}, {0x80},
                {0xe4, 0x41, 0x80}, {0xf0, 0x9f, 0x98}, {0xff}, {0xfe}};
        RawPayload raw = new RawPayload();
        for (int[] sequence : sequences) {
            byte[] head = bytes("{\"a\":\"x");
            byte[] tail = bytes("y\"}");
            byte[] json = new byte[head.length + sequence.length + tail.length];
            System.arraycopy(head, 0, json, 0, head.length);
            for (int i = 0; i < sequence.length; i++) {
                json[head.length + i] = (byte) sequence[i];
            }
            System.arraycopy(tail, 0, json, head.length + sequence.length, tail.length);
            assertThat(raw.write(json)).as(java.util.Arrays.toString(sequence)).isFalse();
            assertSameBytes(json, Instant.EPOCH);
        }
        for (String wellFormed : List.of("\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff", "😀", "\udbff\udfff")) {
            byte[] json = bytes("{\"a\":\"x" + wellFormed + "y\"}");
            assertThat(raw.write(json)).as(wellFormed).isTrue();
            assertSameBytes(json, Instant.EPOCH);
        }
    }

    /** The same bytes and leaf hash from the encoder as from the tree path, or a refusal from both. */
    private static void assertSame(String payload, Instant occurredAt) {
        assertSameBytes(payload.getBytes(StandardCharsets.UTF_8), occurredAt);
    }

    private static void assertSameBytes(byte[] json, Instant occurredAt) {
        Instant recordedAt = Instant.parse("2026-12-04T07:10:42.559Z");
        byte[] expected;
        try {
            JsonNode tree = JSON.readTree(json);
            expected = CanonicalEvent.encode(42, "c77ab8d0", "subsidy:S-1", 3, "SubsidyPaid", "1", occurredAt,
                    recordedAt, "bench", "ev-1", tree);
        } catch (Exception refused) {
            CanonicalEncoder encoder = new CanonicalEncoder();
            assertThatThrownBy(() -> encoder.encode(42, "c77ab8d0", "subsidy:S-1", 3, "SubsidyPaid", "1", occurredAt,
                    recordedAt, "bench", "ev-1", json)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        CanonicalEncoder encoder = new CanonicalEncoder();
        // twice with the same encoder: the reused buffers leave nothing behind
        for (int run = 0; run < 2; run++) {
            assertThat(encoder.encode(42, "c77ab8d0", "subsidy:S-1", 3, "SubsidyPaid", "1", occurredAt, recordedAt,
                    "bench", "ev-1", json)).isEqualTo(expected);
            assertThat(encoder.leafHash(42, "c77ab8d0", "subsidy:S-1", 3, "SubsidyPaid", "1", occurredAt, recordedAt,
                    "bench", "ev-1", json)).isEqualTo(MerkleTree.leafHash(expected));
        }
    }
}
