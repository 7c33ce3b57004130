package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of stored events. The stored payload of an event is exactly this
 * mapper's rendering of the fact record, and its hash is taken over that rendering in canonical
 * form, so the configuration is part of the ledger's permanent contract: absent optional fields are
 * left out (not {@code null}), dates are {@code YYYY-MM-DD} strings, decimals are never written in
 * exponent form, and unknown fields in a stored payload are an error (a change of shape needs an
 * upcaster, not silent loss).
 */
public final class LedgerJson {

    private LedgerJson() {
    }

    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
