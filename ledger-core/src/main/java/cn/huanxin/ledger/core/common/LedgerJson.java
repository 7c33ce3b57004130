package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;

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
                .addModule(FAST_TIMES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /**
     * Instants and dates read by {@link IsoTimes} where the text has the ledger's own shape, by the
     * Java time module's deserializers for anything else (numbers, offsets, other shapes, errors): the
     * same values, without a general date-time parser on every event a view handles. Registered after
     * the Java time module, so these win.
     */
    private static final SimpleModule FAST_TIMES = new SimpleModule("ledger-fast-times")
            .addDeserializer(Instant.class, new FastTime<>(Instant.class, InstantDeserializer.INSTANT,
                    IsoTimes::utcInstant))
            .addDeserializer(LocalDate.class, new FastTime<>(LocalDate.class, LocalDateDeserializer.INSTANCE,
                    IsoTimes::localDate));

    /** A string read fast when {@code fast} reads it; everything else goes to {@code general}. */
    private static final class FastTime<T> extends StdScalarDeserializer<T> {

        private final JsonDeserializer<? extends T> general;
        private final Function<String, T> fast;

        FastTime(Class<T> type, JsonDeserializer<? extends T> general, Function<String, T> fast) {
            super(type);
            this.general = general;
            this.fast = fast;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                T value = fast.apply(parser.getText());
                if (value != null) {
                    return value;
                }
            }
            return general.deserialize(parser, context);
        }
    }
}
