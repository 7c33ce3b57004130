package cn.huanxin.ledger.verifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;

/**
 * The JSON reader of the verifier. It is stricter than Jackson's defaults because a bundle is
 * evidence: a member given twice (which copy would count?), anything after the document, and an
 * empty input are refused; decimals are read exactly, so that re-canonicalising a number cannot
 * change it through a detour via {@code double}.
 */
final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private StrictJson() {
        throw new AssertionError("utility class");
    }

    /** Parses one JSON document. */
    static JsonNode parse(byte[] json) throws NotJsonException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("it is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NotJsonException(describe(e));
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson's signature declares it anyway.
            throw new NotJsonException(e.getMessage());
        }
    }

    /** Parses one JSON document held in a string, for example the canonical form of an event. */
    static JsonNode parse(String json) throws NotJsonException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("it is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NotJsonException(describe(e));
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        // Jackson's own messages run on with hints on further lines; the first line says it.
        int lineBreak = message.indexOf('\n');
        if (lineBreak >= 0) {
            message = message.substring(0, lineBreak);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }

    /** The input is not one well-formed JSON document; the message says why and where. */
    static final class NotJsonException extends Exception {

        NotJsonException(String message) {
            super(message);
        }
    }
}
