package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    private final ObjectMapper mapper = LedgerJson.newObjectMapper();

    private String canonical(String json) throws Exception {
        return new String(CanonicalJson.canonicalize(mapper.readTree(json)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysRecursivelyAndDropsWhiteSpace() throws Exception {
        assertThat(canonical("{ \"b\": [ 1, {\"z\": true, \"a\": null} ], \"a\": \"x\" }"))
                .isEqualTo("{\"a\":\"x\",\"b\":[1,{\"a\":null,\"z\":true}]}");
    }

    @Test
    void sortsKeysByUtf16CodeUnits() throws Exception {
        // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by UTF-16 code units,
        // although its code point is smaller either way; and upper case before lower case.
        assertThat(canonical("{\"b\":1,\"B\":2,\"\uD83D\uDE00\":3,\"\u20AC\":4}"))
                .isEqualTo("{\"B\":2,\"b\":1,\"\u20AC\":4,\"\uD83D\uDE00\":3}");
    }

    @Test
    void escapesStringsAsEcmaScriptDoes() throws Exception {
        assertThat(canonical("{\"s\":\"\\u0008\\t\\n\\f\\r\\\"\\\\\\u001f/\\u00e9淮安\"}"))
                .isEqualTo("{\"s\":\"\\b\\t\\n\\f\\r\\\"\\\\\\u001f/é淮安\"}");
    }

    @Test
    void rendersNumbersAsShortestPlainDecimals() throws Exception {
        assertThat(canonical("{\"a\":12.50,\"b\":100,\"c\":0.000,\"d\":-3,\"e\":1.25E1}"))
                .isEqualTo("{\"a\":12.5,\"b\":100,\"c\":0,\"d\":-3,\"e\":12.5}");
    }

    @Test
    void refusesNumbersOutsideTheExactRange() {
        assertThatThrownBy(() -> canonical("{\"a\":9007199254740993}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> canonical("{\"a\":0.0001}")).isInstanceOf(IllegalArgumentException.class);
        // an exponent whose integer would not fit a BigInteger is refused the same way, not by overflow
        assertThatThrownBy(() -> canonical("{\"a\":10e749957122}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> canonical("{\"a\":-1E+2147483647}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesAsLowerCaseHexSha256() {
        assertThat(CanonicalJson.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Property
    void canonicalFormIsIndependentOfMemberOrder(@ForAll("members") Map<String, String> members) {
        List<String> names = new ArrayList<>(members.keySet());
        ObjectNode forward = mapper.createObjectNode();
        names.forEach(n -> forward.put(n, members.get(n)));
        Collections.reverse(names);
        ObjectNode backward = mapper.createObjectNode();
        names.forEach(n -> backward.put(n, members.get(n)));
        assertThat(CanonicalJson.canonicalize(forward)).isEqualTo(CanonicalJson.canonicalize(backward));
    }

    @Property
    void canonicalFormIsAFixedPoint(@ForAll("members") Map<String, String> members) throws Exception {
        ObjectNode node = mapper.createObjectNode();
        members.forEach(node::put);
        byte[] once = CanonicalJson.canonicalize(node);
        JsonNode reparsed = mapper.readTree(once);
        assertThat(CanonicalJson.canonicalize(reparsed)).isEqualTo(once);
    }

    @Provide
    Arbitrary<Map<String, String>> members() {
        return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(20)).ofMaxSize(8);
    }
}
