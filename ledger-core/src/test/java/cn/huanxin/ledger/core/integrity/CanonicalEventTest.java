package cn.huanxin.ledger.core.integrity;

import cn.huanxin.ledger.core.common.LedgerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Asserts the test vectors of {@code docs/integrity.md} ("Test vectors"). The expected bytes and
 * hashes were computed by an independent Python script (json/hashlib, hand-written JCS), not by
 * this code; if a vector here changes, the page must change with it and the canonical form needs a
 * new version.
 */
class CanonicalEventTest {

    private static final HexFormat HEX = HexFormat.of();
    private final ObjectMapper mapper = LedgerJson.newObjectMapper();

    // --- the vectors of docs/integrity.md ---

    static final String CANONICAL_1 = "{\"eventId\":\"E-1\","
            + "\"ledgerEventId\":\"00000000-0000-4000-8000-000000000001\","
            + "\"occurredAt\":\"2024-07-01T00:00:00Z\",\"payload\":{},\"position\":1,"
            + "\"recordedAt\":\"2024-07-01T00:00:01Z\",\"revision\":\"1\",\"sequence\":0,"
            + "\"source\":\"test\",\"streamId\":\"enterprise:91320812MA1MXP4R85\","
            + "\"type\":\"EnterpriseRegistered\"}";
    static final String LEAF_1 = "79feed7446e8f0dbe8b15b72eaf5d02e283c973dd61b932fcc13b864ba400983";

    static final String CANONICAL_2 = "{\"eventId\":\"EX-FUND-0001\","
            + "\"ledgerEventId\":\"00000000-0000-4000-8000-000000000002\","
            + "\"occurredAt\":\"2024-07-26T02:00:00Z\","
            + "\"payload\":{\"documentNo\":\"HCJ-2024-118\",\"fundId\":\"HA-2024-CTI-CB-01\","
            + "\"name\":\"2024年淮安市消费品以旧换新超长期特别国债资金\","
            + "\"note\":\"第一批\\n\\\"以旧换新\\\" €\",\"regionCode\":\"320800\","
            + "\"scheme\":\"CONSUMER_TRADE_IN\",\"source\":\"CENTRAL_BOND\",\"year\":2024},"
            + "\"position\":2,\"recordedAt\":\"2024-07-26T02:00:03.120500Z\",\"revision\":\"1\","
            + "\"sequence\":0,\"source\":\"finance-bureau\",\"streamId\":\"fund:HA-2024-CTI-CB-01\","
            + "\"type\":\"FundOpened\"}";
    static final String LEAF_2 = "a0b309493c409848dd097b1efc7c0385016b7c5a94bd0054e46779d2d083ea35";

    static final String CANONICAL_3 = "{\"eventId\":\"EX-INV-0001\","
            + "\"ledgerEventId\":\"00000000-0000-4000-8000-000000000003\","
            + "\"occurredAt\":\"2024-09-02T06:30:00Z\","
            + "\"payload\":{\"amount\":\"1999.00\",\"invoiceNo\":\"00000001\","
            + "\"lines\":[{\"category\":\"REFRIGERATOR\",\"quantity\":1,\"weightKg\":12.5}]},"
            + "\"position\":3,\"recordedAt\":\"2024-09-02T06:30:00.250Z\",\"revision\":\"1\","
            + "\"sequence\":1,\"source\":\"tax-bureau\","
            + "\"streamId\":\"reverse-invoice:03200240001-00000001\",\"type\":\"ReverseInvoiceIssued\"}";
    static final String LEAF_3 = "581aa75791f9c0f47ddfffc047320cc067b1b13e2872cd71a8412d4606f6632e";

    static final String NODE_01 = "b856a7f5b0a49da895fbcfc5dba3e8e55524d09310838f5b68c7aca2f0d24dd3";
    static final String ROOT_3 = "f044232ab4b4f286b703d33f46cb495892b465eb484592f1845b623748f460dd";

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    CanonicalEvent minimal() {
        return new CanonicalEvent(1, "00000000-0000-4000-8000-000000000001",
                "enterprise:91320812MA1MXP4R85", 0, "EnterpriseRegistered", "1",
                Instant.parse("2024-07-01T00:00:00Z"), Instant.parse("2024-07-01T00:00:01Z"),
                "test", "E-1", json("{}"));
    }

    CanonicalEvent nonAscii() {
        // Posted with an offset; the ledger stores (and hashes) the instant in UTC.
        return new CanonicalEvent(2, "00000000-0000-4000-8000-000000000002",
                "fund:HA-2024-CTI-CB-01", 0, "FundOpened", "1",
                Instant.parse("2024-07-26T10:00:00+08:00"), Instant.parse("2024-07-26T02:00:03.120500Z"),
                "finance-bureau", "EX-FUND-0001", json("""
                        {"fundId": "HA-2024-CTI-CB-01",
                         "name": "2024年淮安市消费品以旧换新超长期特别国债资金",
                         "year": 2024, "scheme": "CONSUMER_TRADE_IN", "source": "CENTRAL_BOND",
                         "regionCode": "320800", "documentNo": "HCJ-2024-118",
                         "note": "第一批\\n\\"以旧换新\\" \\u20ac"}
                        """));
    }

    CanonicalEvent decimal() {
        return new CanonicalEvent(3, "00000000-0000-4000-8000-000000000003",
                "reverse-invoice:03200240001-00000001", 1, "ReverseInvoiceIssued", "1",
                Instant.parse("2024-09-02T06:30:00Z"), Instant.parse("2024-09-02T06:30:00.250Z"),
                "tax-bureau", "EX-INV-0001", json("""
                        {"invoiceNo": "00000001", "amount": "1999.00",
                         "lines": [{"category": "REFRIGERATOR", "quantity": 1, "weightKg": 12.50}]}
                        """));
    }

    private static String text(CanonicalEvent event) {
        return new String(event.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void minimalEventMatchesTheDocumentedVector() {
        assertThat(text(minimal())).isEqualTo(CANONICAL_1);
        assertThat(minimal().bytes()).hasSize(287);
        assertThat(HEX.formatHex(minimal().leafHash())).isEqualTo(LEAF_1);
    }

    @Test
    void nonAsciiEventMatchesTheDocumentedVector() {
        assertThat(text(nonAscii())).isEqualTo(CANONICAL_2);
        assertThat(nonAscii().bytes()).isEqualTo(CANONICAL_2.getBytes(StandardCharsets.UTF_8)).hasSize(554);
        assertThat(HEX.formatHex(nonAscii().leafHash())).isEqualTo(LEAF_2);
    }

    @Test
    void decimalEventMatchesTheDocumentedVector() {
        assertThat(text(decimal())).isEqualTo(CANONICAL_3);
        assertThat(decimal().bytes()).hasSize(420);
        assertThat(HEX.formatHex(decimal().leafHash())).isEqualTo(LEAF_3);
    }

    @Test
    void leafHashIsSha256OfZeroPrefixAndBytes() throws Exception {
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0x00);
        sha.update(CANONICAL_2.getBytes(StandardCharsets.UTF_8));
        assertThat(HEX.formatHex(sha.digest())).isEqualTo(LEAF_2);
    }

    @Test
    void threeLeafTreeMatchesTheDocumentedRootAndPaths() {
        List<byte[]> leaves = List.of(minimal().leafHash(), nonAscii().leafHash(), decimal().leafHash());
        byte[] root = MerkleTree.root(leaves);
        assertThat(HEX.formatHex(root)).isEqualTo(ROOT_3);
        assertThat(HEX.formatHex(MerkleTree.nodeHash(leaves.get(0), leaves.get(1)))).isEqualTo(NODE_01);

        List<byte[]> path1 = MerkleTree.inclusionProof(leaves, 1);
        assertThat(path1).extracting(HEX::formatHex).containsExactly(LEAF_1, LEAF_3);
        assertThat(MerkleTree.verifyInclusion(HEX.parseHex(LEAF_2), 1, 3, path1, HEX.parseHex(ROOT_3))).isTrue();

        List<byte[]> path2 = MerkleTree.inclusionProof(leaves, 2);
        assertThat(path2).extracting(HEX::formatHex).containsExactly(NODE_01);
        assertThat(MerkleTree.verifyInclusion(HEX.parseHex(LEAF_3), 2, 3, path2, HEX.parseHex(ROOT_3))).isTrue();
        assertThat(MerkleTree.verifyInclusion(HEX.parseHex(LEAF_2), 2, 3, path2, HEX.parseHex(ROOT_3))).isFalse();

        // The two-leaf tree is a prefix of the three-leaf one; its root is NODE_01.
        List<byte[]> consistency = MerkleTree.consistencyProof(leaves, 2);
        assertThat(consistency).extracting(HEX::formatHex).containsExactly(LEAF_3);
        assertThat(MerkleTree.verifyConsistency(2, 3, HEX.parseHex(NODE_01), HEX.parseHex(ROOT_3), consistency))
                .isTrue();
    }

    @Test
    void membersAreExactlyTheElevenInSortedOrder() throws Exception {
        JsonNode parsed = mapper.readTree(decimal().bytes());
        List<String> names = new ArrayList<>();
        parsed.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("eventId", "ledgerEventId", "occurredAt", "payload", "position",
                "recordedAt", "revision", "sequence", "source", "streamId", "type");
        assertThat(parsed.get("position").isIntegralNumber()).isTrue();
        assertThat(parsed.get("sequence").isIntegralNumber()).isTrue();
        assertThat(parsed.get("recordedAt").isTextual()).isTrue();
        List<String> lineNames = new ArrayList<>();
        parsed.get("payload").get("lines").get(0).fieldNames().forEachRemaining(lineNames::add);
        assertThat(lineNames).containsExactly("category", "quantity", "weightKg");
    }

    @Test
    void insertionOrderOfThePayloadDoesNotMatter() {
        CanonicalEvent reordered = new CanonicalEvent(3, "00000000-0000-4000-8000-000000000003",
                "reverse-invoice:03200240001-00000001", 1, "ReverseInvoiceIssued", "1",
                Instant.parse("2024-09-02T06:30:00Z"), Instant.parse("2024-09-02T06:30:00.250Z"),
                "tax-bureau", "EX-INV-0001", json("""
                        {"lines": [{"weightKg": 12.5, "quantity": 1, "category": "REFRIGERATOR"}],
                         "amount": "1999.00", "invoiceNo": "00000001"}
                        """));
        assertThat(reordered.leafHash()).isEqualTo(decimal().leafHash());
    }

    @Test
    void changedPayloadChangesTheLeafHash() {
        CanonicalEvent e = decimal();
        ObjectNode payload = (ObjectNode) e.payload();
        ((ObjectNode) payload.get("lines").get(0)).put("weightKg", new java.math.BigDecimal("12.6"));
        CanonicalEvent changed = new CanonicalEvent(e.position(), e.ledgerEventId(), e.streamId(), e.sequence(),
                e.type(), e.revision(), e.occurredAt(), e.recordedAt(), e.source(), e.eventId(), payload);
        assertThat(changed.leafHash()).isNotEqualTo(e.leafHash());
    }

    @Test
    void changedPositionChangesTheLeafHash() {
        CanonicalEvent e = minimal();
        CanonicalEvent moved = new CanonicalEvent(2, e.ledgerEventId(), e.streamId(), e.sequence(),
                e.type(), e.revision(), e.occurredAt(), e.recordedAt(), e.source(), e.eventId(), e.payload());
        assertThat(moved.leafHash()).isNotEqualTo(e.leafHash());
    }

    @Test
    void changedRecordedAtChangesTheLeafHash() {
        CanonicalEvent e = minimal();
        CanonicalEvent later = new CanonicalEvent(e.position(), e.ledgerEventId(), e.streamId(), e.sequence(),
                e.type(), e.revision(), e.occurredAt(), e.recordedAt().plusNanos(1_000), e.source(), e.eventId(),
                e.payload());
        assertThat(later.leafHash()).isNotEqualTo(e.leafHash());
        assertThat(text(later)).contains("\"recordedAt\":\"2024-07-01T00:00:01.000001Z\"");
    }

    @Test
    void payloadIsCopiedInAndOut() {
        ObjectNode payload = (ObjectNode) json("{\"a\":1}");
        CanonicalEvent e = new CanonicalEvent(1, "l", "s", 0, "t", "1", Instant.EPOCH, Instant.EPOCH, "src", "e",
                payload);
        byte[] before = e.leafHash();
        payload.put("a", 2);
        ((ObjectNode) e.payload()).put("a", 3);
        assertThat(e.leafHash()).isEqualTo(before);
    }

    @Test
    void refusesInvalidInputs() {
        JsonNode p = json("{}");
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new CanonicalEvent(0, "l", "s", 0, "t", "1", t, t, "src", "e", p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(-1, "l", "s", 0, "t", "1", t, t, "src", "e", p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(CanonicalEvent.MAX_SAFE_INTEGER + 1, "l", "s", 0, "t", "1",
                t, t, "src", "e", p)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", -1, "t", "1", t, t, "src", "e", p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, null, "s", 0, "t", "1", t, t, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", null, 0, "t", "1", t, t, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, null, "1", t, t, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", null, t, t, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", null, t, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, null, "src", "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, null, "e", p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, "src", null, p))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, "src", "e", null))
                .isInstanceOf(NullPointerException.class);
        // The payload must be an object with a canonical form.
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, "src", "e", json("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, "src", "e",
                json("{\"weightKg\":1.2345}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent(1, "l", "s", 0, "t", "1", t, t, "src", "e",
                json("{\"n\":9007199254740992}"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The fast encoder must equal the general JCS canonicalizer over the object of eleven members. */
    @Test
    void fastEncodingEqualsTheGeneralCanonicalizer() throws Exception {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "aZ09-_:/ \"\\\n\t\u0001\u007f\u00e9\u4e2d\u6587\u20ac\uD83D\uDE00";
        for (int i = 0; i < 500; i++) {
            ObjectNode payload = mapper.createObjectNode();
            for (int f = random.nextInt(6); f > 0; f--) {
                String name = text(random, alphabet);
                switch (random.nextInt(4)) {
                    case 0 -> payload.put(name, text(random, alphabet));
                    case 1 -> payload.put(name, random.nextInt());
                    case 2 -> payload.put(name, new java.math.BigDecimal(random.nextInt(100000)).movePointLeft(2));
                    default -> payload.putArray(name).add(text(random, alphabet)).addObject().put("b", true);
                }
            }
            Instant occurred = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000), random.nextInt(3) * 250_000);
            Instant recorded = occurred.plusNanos(random.nextInt(2_000_000_000));
            CanonicalEvent event = new CanonicalEvent(1 + random.nextInt(1_000_000), text(random, alphabet),
                    text(random, alphabet), random.nextInt(1000), text(random, alphabet), "1", occurred, recorded,
                    text(random, alphabet), text(random, alphabet), payload);
            ObjectNode whole = mapper.createObjectNode();
            whole.put("position", event.position());
            whole.put("ledgerEventId", event.ledgerEventId());
            whole.put("streamId", event.streamId());
            whole.put("sequence", event.sequence());
            whole.put("type", event.type());
            whole.put("revision", event.revision());
            whole.put("occurredAt", occurred.toString());
            whole.put("recordedAt", recorded.toString());
            whole.put("source", event.source());
            whole.put("eventId", event.eventId());
            whole.set("payload", payload);
            assertThat(new String(event.bytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(cn.huanxin.ledger.core.common.CanonicalJson.canonicalize(whole),
                            StandardCharsets.UTF_8));
        }
    }

    private static String text(java.util.Random random, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }
}
