package cn.huanxin.ledger.api.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling over real HTTP: failures are counted per client name and per remote address,
 * past the limit the ledger answers 429 with {@code Retry-After} without checking the password, a
 * success clears the count, each failure is one log line without the password and one count in the
 * metric, and a wrong password for a known name costs the same time as one for an unknown name.
 * The limits are small here (3 per name, 20 per address) so that the test runs quickly; every request
 * comes from 127.0.0.1, so the address limit is reached by the last case on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.security.login-throttle.max-failures-per-client=3",
        "ledger.security.login-throttle.max-failures-per-address=20",
        "ledger.security.login-throttle.window=10m"})
@ActiveProfiles("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-throttle-");
    static final String WRONG = "wrong-Pa55word-never-logged";

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Order(1)
    void aSuccessClearsTheFailuresOfItsNameOnly() throws Exception {
        assertThat(get("discipline", WRONG).statusCode()).isEqualTo(401);
        assertThat(get("discipline", WRONG).statusCode()).isEqualTo(401);
        assertThat(get("discipline", "discipline-demo").statusCode()).isEqualTo(200);
        assertThat(get("discipline", WRONG).statusCode()).isEqualTo(401);
        assertThat(get("discipline", WRONG).statusCode()).isEqualTo(401);
        assertThat(get("discipline", "discipline-demo").statusCode()).as("two failures since the success")
                .isEqualTo(200);
    }

    @Test
    @Order(2)
    void pastTheLimitANameIsAnswered429WithoutLookingAtThePassword(CapturedOutput output) throws Exception {
        double before = meters.counter("ledger.security.login.failures").count();
        for (int i = 0; i < 3; i++) {
            assertThat(get("auditor", WRONG).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = get("auditor", "auditor-demo");
        assertThat(throttled.statusCode()).as("even the right password waits").isEqualTo(429);
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 600L);
        assertThat(throttled.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(throttled.body()).contains("too-many-failed-logins");
        // another client from the same address is not yet throttled
        assertThat(get("platform", "platform-demo", "/api/v1/events/platform/none").statusCode()).isEqualTo(404);

        assertThat(meters.counter("ledger.security.login.failures").count() - before).isEqualTo(3.0);
        assertThat(meters.counter("ledger.security.login.throttled").count()).isGreaterThanOrEqualTo(1.0);
        List<String> lines = output.getAll().lines().filter(l -> l.contains("Failed login for client auditor")).toList();
        assertThat(lines).hasSize(3).allMatch(l -> l.contains("127.0.0.1"));
        assertThat(output.getAll()).doesNotContain(WRONG);
    }

    @Test
    @Order(3)
    void aWrongPasswordTakesAsLongForAKnownNameAsForAnUnknownOne() throws Exception {
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            known.add(timed("admin", WRONG + i));
            unknown.add(timed("nobody-" + i, WRONG));
        }
        // bcrypt at cost 10 dominates both; a shortcut for unknown names would be ten times faster
        long knownMillis = known.stream().mapToLong(Long::longValue).sum();
        long unknownMillis = unknown.stream().mapToLong(Long::longValue).sum();
        assertThat(unknownMillis).as("unknown names %s ms, known %s ms", unknown, known)
                .isGreaterThan(knownMillis / 3);
        assertThat(unknownMillis).isLessThan(knownMillis * 3 + 50);
    }

    @Test
    @Order(4)
    void pastTheLimitAnAddressIsAnswered429WhateverTheName(CapturedOutput output) throws Exception {
        // The earlier cases failed 11 times from this address (a success clears its name only), so
        // invented names fail until the address limit of 20 is reached.
        int failures = 0;
        int status = 401;
        for (int i = 0; i < 25 && status == 401; i++) {
            status = get("invented-" + i, WRONG).statusCode();
            if (status == 401) {
                failures++;
            }
        }
        assertThat(status).isEqualTo(429);
        assertThat(failures).isEqualTo(20 - 11);
        HttpResponse<String> anyName = get("platform", "platform-demo", "/api/v1/events/platform/none");
        assertThat(anyName.statusCode()).isEqualTo(429);
        assertThat(anyName.headers().firstValue("Retry-After")).isPresent();
        // open endpoints stay open to a throttled address
        assertThat(send("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("/api/v1/ledger/public-key", "platform", WRONG).statusCode()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(WRONG);
        // a name that is no configured client (an ID number typed as a name, say) never reaches the log
        assertThat(output.getAll()).doesNotContain("invented-0").contains("Failed login for client (not a configured client)");
    }

    private long timed(String name, String password) throws Exception {
        long start = System.nanoTime();
        assertThat(get(name, password).statusCode()).isEqualTo(401);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private HttpResponse<String> get(String name, String password) throws Exception {
        return get(name, password, "/api/v1/rules");
    }

    private HttpResponse<String> get(String name, String password, String path) throws Exception {
        return send(path, name, password);
    }

    private HttpResponse<String> send(String path, String name, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (name != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
