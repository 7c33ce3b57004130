package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.LedgerApplication;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.verifier.BundleVerification;
import cn.huanxin.ledger.verifier.BundleVerifier;
import cn.huanxin.ledger.verifier.VerifyCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seal key rotation end to end on one database: the ledger signs with key A, is restarted with a
 * new key file B, and signs with B from then on. Every checkpoint still verifies (each with the key
 * it names), the keyring lists A then B with the tree sizes each signed, and evidence bundles from
 * before and after the rotation verify offline against the pinned set {A, B} — and a bundle signed
 * by B fails when only A is pinned.
 */
class SealKeyRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void checkpointsAndBundlesFromBeforeAndAfterARotationVerify() throws Exception {
        Path dir = Files.createTempDirectory("ledger-rotation-");
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        Path keyA = write(dir.resolve("seal-a.pem"), a);
        Path keyB = write(dir.resolve("seal-b.pem"), b);

        String bundleA;
        try (ConfigurableApplicationContext ledger = start(dir, keyA)) {
            int port = port(ledger);
            String fund = postFunds(port, 3);
            assertThat(send(port, "admin", "POST", "/api/v1/admin/checkpoints").statusCode()).isIn(200, 201);
            bundleA = evidence(port, fund);
        }
        String bundleB;
        JsonNode keyring;
        JsonNode verified;
        try (ConfigurableApplicationContext ledger = start(dir, keyB)) {
            int port = port(ledger);
            String fund = postFunds(port, 2);
            assertThat(send(port, "admin", "POST", "/api/v1/admin/checkpoints").statusCode()).isIn(200, 201);
            bundleB = evidence(port, fund);
            keyring = JSON.readTree(send(port, null, "GET", "/api/v1/ledger/public-keys").body()).get("items");
            verified = JSON.readTree(send(port, "auditor", "POST", "/api/v1/ledger/verify").body());
            assertThat(JSON.readTree(send(port, null, "GET", "/api/v1/ledger/public-key").body()).get("keyId").asText())
                    .isEqualTo(Ed25519Keys.keyId(b.getPublic()));
        }

        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checkpointsChecked").asLong()).isGreaterThanOrEqualTo(2);

        assertThat(keyring).hasSize(2);
        assertThat(keyring.get(0).get("keyId").asText()).isEqualTo(Ed25519Keys.keyId(a.getPublic()));
        assertThat(keyring.get(1).get("keyId").asText()).isEqualTo(Ed25519Keys.keyId(b.getPublic()));
        // A signed the first run's trees (3 funds, and the evidence read recorded in the access log),
        // B everything after: the ranges do not overlap and B's reaches the last event sealed
        assertThat(keyring.get(0).get("firstTreeSize").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(keyring.get(0).get("lastTreeSize").asLong()).isBetween(3L, 4L);
        assertThat(keyring.get(1).get("firstTreeSize").asLong())
                .isGreaterThan(keyring.get(0).get("lastTreeSize").asLong());
        assertThat(keyring.get(1).get("lastTreeSize").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(Ed25519Keys.readPublicKey(keyring.get(0).get("pem").asText()).getEncoded())
                .isEqualTo(a.getPublic().getEncoded());

        assertThat(JSON.readTree(bundleA).at("/checkpoint/keyId").asText()).isEqualTo(Ed25519Keys.keyId(a.getPublic()));
        assertThat(JSON.readTree(bundleB).at("/checkpoint/keyId").asText()).isEqualTo(Ed25519Keys.keyId(b.getPublic()));
        List<PublicKey> both = List.of(a.getPublic(), b.getPublic());
        byte[] bytesA = bundleA.getBytes(StandardCharsets.UTF_8);
        byte[] bytesB = bundleB.getBytes(StandardCharsets.UTF_8);
        assertThat(BundleVerifier.pinnedTo(both).verify(bytesA).valid()).isTrue();
        assertThat(BundleVerifier.pinnedTo(both).verify(bytesB).valid()).isTrue();
        BundleVerification onlyA = BundleVerifier.pinnedTo(List.of(a.getPublic())).verify(bytesB);
        assertThat(onlyA.valid()).isFalse();
        assertThat(onlyA.problems().toString()).contains("is not the trusted key");

        // the offline command with the pinned set
        Path fileA = Files.writeString(dir.resolve("a.pub.pem"), Ed25519Keys.publicKeyPem(a.getPublic()));
        Path fileB = Files.writeString(dir.resolve("b.pub.pem"), Ed25519Keys.publicKeyPem(b.getPublic()));
        Path bundleFile = Files.writeString(dir.resolve("bundle-b.json"), bundleB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(VerifyCommand.STANDALONE_INVOCATION, new String[]{"--public-key", fileA.toString(),
                "--public-key", fileB.toString(), bundleFile.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(VerifyCommand.VALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("one of the 2 trusted keys");
        assertThat(VerifyCommand.run(VerifyCommand.STANDALONE_INVOCATION,
                new String[]{"--public-key", fileA.toString(), bundleFile.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isEqualTo(VerifyCommand.INVALID);
    }

    private static Path write(Path file, KeyPair pair) throws Exception {
        return Files.writeString(file, Ed25519Keys.privateKeyPem(pair.getPrivate()) + Ed25519Keys.publicKeyPem(pair.getPublic()));
    }

    private static ConfigurableApplicationContext start(Path dir, Path keyFile) {
        return SpringApplication.run(LedgerApplication.class, "--server.port=0", "--spring.profiles.active=e2e",
                "--ledger.data-dir=" + dir, "--ledger.seal.key-file=" + keyFile,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("ledger")
                        + cn.huanxin.ledger.api.config.EmbeddedDatabaseEnvironment.H2_OPTIONS,
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext ledger) {
        return Integer.parseInt(ledger.getEnvironment().getProperty("local.server.port"));
    }

    /** Posts {@code count} new funds; answers the last fund's id once the seal has every event. */
    private String postFunds(int port, int count) throws Exception {
        String fund = null;
        for (int i = 0; i < count; i++) {
            fund = "ROT-" + UUID.randomUUID().toString().substring(0, 8);
            String envelope = """
                    {"eventId":"%s","type":"FundOpened","occurredAt":"2024-07-26T10:00:00+08:00",
                     "payload":{"fundId":"%s","name":"rotation","year":2024,"scheme":"CONSUMER_TRADE_IN",
                     "source":"CENTRAL_BOND","regionCode":"320800","documentNo":"D-1"}}""".formatted(fund, fund);
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v1/events")).header("Authorization", basic("platform"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(envelope))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(201);
        }
        awaitSealed(port);
        return fund;
    }

    /** Waits until the seal has handled every stored event (its processor runs beside ingestion). */
    private void awaitSealed(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode processor : JSON.readTree(send(port, "admin", "GET", "/api/v1/admin/projections").body())
                    .path("items")) {
                if (processor.path("name").asText().equals("seal") && processor.path("lag").asLong() == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the seal did not catch up within 60 s");
    }

    /**
     * Reads the fund's evidence bundle once supervision holds the fund. Each evidence read is itself
     * recorded as an event, so the bundle is read exactly once and only the (unrecorded) fund trace is polled.
     */
    private String evidence(int port, String fund) throws Exception {
        // waits for supervision (evidence is built from its trace, which 404s until it has the fund)
        String trace = "/api/v1/trace/fund/" + fund;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> traced = send(port, "auditor", "GET", trace);
        while (traced.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            traced = send(port, "auditor", "GET", trace);
        }
        assertThat(traced.statusCode()).as(trace + " " + traced.body()).isEqualTo(200);
        HttpResponse<String> bundle = send(port, "discipline", "GET", "/api/v1/evidence/fund/" + fund);
        assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
        return bundle.body();
    }

    private HttpResponse<String> send(int port, String client, String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (client != null) {
            request.header("Authorization", basic(client));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String client) {
        return "Basic " + Base64.getEncoder().encodeToString((client + ":" + client + "-demo")
                .getBytes(StandardCharsets.UTF_8));
    }
}
