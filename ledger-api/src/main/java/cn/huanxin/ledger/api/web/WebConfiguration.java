package cn.huanxin.ledger.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The API's JSON mapper. Axon's stored-event mapper is a separate bean with its own, permanent
 * rules; this one renders responses (where {@code null} is meaningful, e.g. {@code nextCursor}) and
 * reads requests strictly: duplicate keys are an error, and decimals keep every digit so that an
 * amount with three fraction digits is refused rather than rounded.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    @Primary
    public ObjectMapper apiObjectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.createXmlMapper(false).build()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
