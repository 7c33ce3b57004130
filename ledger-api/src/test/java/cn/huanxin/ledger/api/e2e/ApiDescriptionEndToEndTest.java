package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's description and Swagger UI, as a browser without credentials meets them: the
 * description is the repository's own file, served as {@code application/yaml}; {@code /swagger-ui}
 * leads to a page that shows that file, loads every script, style and icon from the ledger itself,
 * asks no outside validator, and may load nothing from elsewhere (its Content-Security-Policy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ApiDescriptionEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-apidocs-");

    /** An address with a scheme, or one that starts with {@code //} (another host, same scheme). */
    static final Pattern OUTSIDE_ADDRESS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*:)?//");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDescriptionIsTheRepositorysFileServedAsYamlWithoutCredentials() throws Exception {
        byte[] file;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("static/openapi.yaml")) {
            assertThat(in).isNotNull();
            file = in.readAllBytes();
        }
        for (String credentials : new String[]{null, "auditor:not-the-password", "auditor:auditor-demo"}) {
            HttpResponse<byte[]> response = get("/openapi.yaml", credentials, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("with %s", credentials).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/yaml");
            assertThat(response.body()).isEqualTo(file);
            assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                    .startsWith("default-src 'none'");
        }
    }

    @Test
    void swaggerUiLeadsToItsPageWithOrWithoutTheFinalSlash() throws Exception {
        for (String path : new String[]{"/swagger-ui", "/swagger-ui/"}) {
            HttpResponse<String> response = get(path, null, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).get().asString().endsWith("/swagger-ui/index.html");
        }
    }

    @Test
    void thePageShowsTheLocalDescriptionAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = get("/swagger-ui/index.html", null, HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(OUTSIDE_ADDRESS.matcher(policy).find()).as(policy).isFalse();
        assertThat(OUTSIDE_ADDRESS.matcher(page.body()).find()).as("the page names no outside address").isFalse();

        List<String> referenced = references(page.body());
        assertThat(referenced).contains("swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css");
        for (String file : referenced) {
            HttpResponse<String> served = get("/swagger-ui/" + file, null, HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).as(file).isEqualTo(200);
        }

        String initializer = get("/swagger-ui/swagger-initializer.js", null, HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(initializer).contains("url: \"/openapi.yaml\"", "validatorUrl: \"none\"",
                "queryConfigEnabled: false");
        assertThat(OUTSIDE_ADDRESS.matcher(initializer).find()).as("the initializer names no outside address")
                .isFalse();
        assertThat(get("/swagger-ui/swagger-ui-bundle.js", null, HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Content-Type")).get().asString().contains("javascript");
    }

    /** Only the ledger's own file locations serve files: Spring Boot's default ones are off. */
    @Test
    void noOtherFileIsServed() throws Exception {
        String version = swaggerUiVersion();
        for (String path : List.of("/static/openapi.yaml", "/webjars/swagger-ui/" + version + "/index.html",
                "/application.yml")) {
            assertThat(get(path, null, HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "auditor:auditor-demo", HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as(path).isEqualTo(404);
        }
        // Inside Swagger UI's location, open to all, a name that is not one of its files is simply not found.
        for (String path : List.of("/swagger-ui/" + version + "/index.html", "/swagger-ui/application.yml",
                "/swagger-ui/openapi.yaml")) {
            assertThat(get(path, null, HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
        }
    }

    /** The {@code src} and {@code href} attributes of a page. */
    private static List<String> references(String html) {
        Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        List<String> references = new ArrayList<>();
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        return references;
    }

    private static String swaggerUiVersion() throws Exception {
        try (InputStream in = ApiDescriptionEndToEndTest.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    private <T> HttpResponse<T> get(String path, String credentials, HttpResponse.BodyHandler<T> body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), body);
    }
}
