package cn.huanxin.ledger.api.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger over TLS with {@code server.ssl.*} and a PKCS12 keystore generated for the test with the
 * JDK's keytool: it answers over HTTPS, sends HSTS there, refuses plain HTTP on that port, and sends
 * its Content-Security-Policy on every answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TlsEndToEndTest {

    static final Path DATA_DIR = TestDatabases.newDataDirectory("ledger-tls-");
    static final String PASSWORD = "keystore-secret";
    static final Path KEYSTORE = keystore();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.registerH2(registry, DATA_DIR);
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", () -> "file:" + KEYSTORE);
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
        registry.add("server.ssl.key-alias", () -> "ledger");
    }

    @LocalServerPort
    int port;

    @Test
    void answersOverHttpsWithHstsAndAContentSecurityPolicy() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(KEYSTORE))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security").orElse(""))
                .contains("max-age=31536000").contains("includeSubDomains");

        HttpResponse<String> rules = https.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/api/v1/rules"))
                .header("Authorization", "Basic YXVkaXRvcjphdWRpdG9yLWRlbW8=").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rules.statusCode()).isEqualTo(200);
        assertThat(rules.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(rules.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(rules.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        HttpResponse<String> refused = https.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/api/v1/rules")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void refusesPlainHttpOnTheTlsPort() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> {
            HttpResponse<String> answer = plain.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Tomcat answers a plain request on a TLS port with 400 (or drops it); never with the health
            if (answer.statusCode() != 200) {
                throw new IOException("refused with " + answer.statusCode());
            }
        }).isInstanceOf(IOException.class);
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A self-signed PKCS12 keystore for localhost, made by the JDK's keytool. */
    private static Path keystore() {
        try {
            Path dir = Files.createTempDirectory("huanxin-tls-");
            Path file = dir.resolve("ledger.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "ledger",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0 || !Files.exists(file)) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
