package cn.huanxin.ledger.api.e2e;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth2 JWT bearer tokens beside HTTP Basic, with keys the test generates and a JWK set file (no
 * network): a valid token acts as its configured client with that client's role and event types;
 * an expired token, another issuer, another audience, a key the ledger does not know, a client the
 * ledger does not know and a role claim above the client's role are all refused with 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BearerTokenEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-jwt-");
    static final String ISSUER = "https://idp.finance.example";
    static final String AUDIENCE = "huanxin-ledger";
    static final RSAKey KEY = generate("ledger-test-1");
    static final RSAKey STRANGER = generate("ledger-test-1");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
        try {
            Path keys = Files.createTempFile("huanxin-jwks-", ".json");
            keys.toFile().deleteOnExit();
            Files.writeString(keys, new JWKSet(KEY.toPublicJWK()).toString());
            registry.add("ledger.security.jwt.jwk-set-file", keys::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("ledger.security.jwt.issuer", () -> ISSUER);
        registry.add("ledger.security.jwt.audience", () -> AUDIENCE);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aValidTokenActsAsItsConfiguredClient() throws Exception {
        assertThat(get(token("auditor", claims -> claims.claim("role", "AUDITOR")), "/api/v1/rules").statusCode())
                .isEqualTo(200);
        assertThat(get(token("auditor", claims -> { }), "/api/v1/rules").statusCode())
                .as("without a role claim the configured role applies").isEqualTo(200);
        assertThat(get(token("auditor", claims -> { }), "/api/v1/admin/projections").statusCode()).isEqualTo(403);
        assertThat(get(token("platform", claims -> { }), "/api/v1/events/platform/none").statusCode()).isEqualTo(404);
        assertThat(get(token("platform", claims -> { }), "/api/v1/events/importer/none").statusCode())
                .as("a source reads its own receipts only").isEqualTo(403);
        // Basic still works beside tokens
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(uri("/api/v1/rules"))
                .header("Authorization", "Basic YXVkaXRvcjphdWRpdG9yLWRlbW8=").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenPostsOnlyTheEventTypesOfItsClient() throws Exception {
        String envelope = """
                {"eventId":"JWT-1","type":"FundOpened","occurredAt":"2024-07-26T10:00:00+08:00",
                 "payload":{"fundId":"JWT-F","name":"jwt","year":2024,"scheme":"CONSUMER_TRADE_IN",
                 "source":"CENTRAL_BOND","regionCode":"320800","documentNo":"D-1"}}""";
        HttpResponse<String> refused = post(token("dealer", claims -> { }), "/api/v1/events", envelope);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("TYPE_NOT_ALLOWED");
        HttpResponse<String> recorded = post(token("platform", claims -> { }), "/api/v1/events", envelope);
        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(recorded.body()).contains("\"source\":\"platform\"");
    }

    @Test
    void expiredForeignAndForgedTokensAreRefused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertRefused(token("auditor", claims -> claims.expirationTime(Date.from(past))), "expired");
        assertRefused(token("auditor", claims -> claims.issuer("https://elsewhere.example")), "another issuer");
        assertRefused(token("auditor", claims -> claims.audience("another-service")), "another audience");
        assertRefused(sign(KEY.getKeyID(), STRANGER, claims("auditor").build()), "a key the ledger does not know");
        assertRefused(token("nobody", claims -> { }), "a client the ledger does not know");
        assertRefused(token("platform", claims -> claims.claim("role", "ADMIN")), "a role above the client's");
        assertRefused(token("auditor", claims -> claims.claim("role", List.of("AUDITOR", "ADMIN"))), "two roles");
        assertRefused("not-a-token", "garbage");
    }

    private void assertRefused(String token, String why) throws Exception {
        HttpResponse<String> response = get(token, "/api/v1/rules");
        assertThat(response.statusCode()).as(why).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(why).startsWith("Bearer");
        assertThat(response.body()).as(why).contains("urn:huanxin-ledger:problem:unauthorized");
    }

    private static JWTClaimsSet.Builder claims(String client) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(client).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String token(String client, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder claims = claims(client);
        change.accept(claims);
        return sign(KEY.getKeyID(), KEY, claims.build());
    }

    private static String sign(String keyId, RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId)
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
