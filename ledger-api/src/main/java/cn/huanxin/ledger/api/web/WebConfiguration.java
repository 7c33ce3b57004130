package cn.huanxin.ledger.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API's JSON mapper, and the files of Swagger UI. Axon's stored-event mapper is a separate bean with its own, permanent
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

    /**
     * Swagger UI's files under {@code /swagger-ui/}: the ledger's own page and initializer first, so
     * that they shadow the WebJar's (whose initializer loads a demonstration description from the
     * internet), then the WebJar's scripts, styles and icons. This is the one file location with a
     * row in the access policy; Spring Boot's default ones ({@code /**}, {@code /webjars/**}) have
     * none, so they serve nothing.
     */
    @Bean
    WebMvcConfigurer swaggerUiFiles() {
        String webJar = "classpath:/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/swagger-ui/**").addResourceLocations("classpath:/swagger-ui/", webJar);
            }
        };
    }

    /** The WebJar's version, read from the WebJar itself so that upgrading it is a change to the POM alone. */
    static String swaggerUiVersion() {
        ClassPathResource about = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties");
        try (InputStream in = about.getInputStream()) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException("the Swagger UI WebJar names no version in " + about.getPath());
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("the Swagger UI WebJar is not on the classpath", e);
        }
    }
}
