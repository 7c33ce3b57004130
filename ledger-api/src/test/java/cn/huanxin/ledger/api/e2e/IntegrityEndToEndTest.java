package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tamper evidence end to end: events posted through the API become leaves of the seal; the
 * checkpoint's signature, every inclusion proof and a consistency proof are checked here by code
 * written from docs/integrity.md alone (its own JCS, SHA-256 and RFC 9162 steps, the JDK's Ed25519),
 * not by the ledger's classes; then one stored payload is changed behind the ledger's back and
 * verification must name its position, and evidence for the subject is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.seal.checkpoint-every-events=7", "ledger.seal.checkpoint-interval=1h"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class IntegrityEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CATCH_UP = Duration.ofSeconds(90);
    static final HexFormat HEX = HexFormat.of();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<JsonNode> receipts = new ArrayList<>();
    private JsonNode checkpoint;
    private PublicKey publicKey;

    /** Changes the stored payload of the event at {@code position} past the append-only trigger. */
    abstract void tamperWithPayload(long position, byte[] payload);

    /** Changes the sealed leaf hash of {@code leafIndex} past its append-only trigger. */
    abstract void tamperWithLeaf(long leafIndex, byte[] leafHash);

    @Test
    @Order(1)
    void postedEventsAreSealedUnderASignedCheckpoint() throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        for (String type : Files.readAllLines(IngestionEndToEndTest.EXAMPLES.resolve("order.txt"))) {
            if (!type.isBlank()) {
                batch.add(JSON.readTree(IngestionEndToEndTest.EXAMPLES.resolve(type.strip() + ".json").toFile()));
            }
        }
        HttpResponse<String> posted = send("importer", "importer-demo", HttpRequest.newBuilder(uri("/api/v1/events/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))));
        assertThat(posted.statusCode()).isEqualTo(200);
        for (JsonNode result : JSON.readTree(posted.body()).path("results")) {
            assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(201);
            receipts.add(result.path("receipt"));
        }
        awaitSealed(receipts.size());

        // The public key is open to anyone, as JSON and as PEM.
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(uri("/api/v1/ledger/public-key")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).isEqualTo(200);
        JsonNode keyJson = JSON.readTree(key.body());
        assertThat(keyJson.path("algorithm").asText()).isEqualTo("Ed25519");
        publicKey = readPem(keyJson.path("pem").asText());
        assertThat(keyJson.path("keyId").asText())
                .isEqualTo(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded())).substring(0, 16));
        HttpResponse<String> pem = http.send(HttpRequest.newBuilder(uri("/api/v1/ledger/public-key"))
                .header("Accept", "application/x-pem-file").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pem.body()).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(keyJson.path("pem").asText());

        // Count-driven checkpoints at 7 and 14 leaves; one on demand covers the rest.
        assertThat(get("auditor", "/api/v1/ledger/checkpoints/7").statusCode()).isEqualTo(200);
        assertThat(get("auditor", "/api/v1/ledger/checkpoints/8").statusCode()).isEqualTo(404);
        HttpResponse<String> onDemand = send("admin", "admin-demo", HttpRequest.newBuilder(uri("/api/v1/admin/checkpoints"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(onDemand.statusCode()).isIn(200, 201);
        assertThat(send("auditor", "auditor-demo", HttpRequest.newBuilder(uri("/api/v1/admin/checkpoints"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        checkpoint = JSON.readTree(get("auditor", "/api/v1/ledger/checkpoints/latest").body());
        assertThat(checkpoint.path("treeSize").asLong()).isEqualTo(storedEvents());
        assertThat(checkpoint.path("keyId").asText()).isEqualTo(keyJson.path("keyId").asText());
        assertThat(signatureValid(checkpoint)).isTrue();
        OffsetDateTime.parse(checkpoint.path("signedAt").asText());
        ObjectNode forged = checkpoint.deepCopy();
        forged.put("treeSize", checkpoint.path("treeSize").asLong() + 1);
        assertThat(signatureValid(forged)).isFalse();
    }

    @Test
    @Order(2)
    void everyEventHasAnInclusionProofThatAnIndependentVerifierAccepts() throws Exception {
        // Reading a person-bearing stream's history is itself recorded (a leaf of the access log), so
        // the canonical bytes are read first and a checkpoint is then taken over everything stored.
        Map<String, byte[]> leaves = new LinkedHashMap<>();
        for (JsonNode receipt : receipts) {
            String ledgerEventId = receipt.path("ledgerEventId").asText();
            leaves.put(ledgerEventId, leafHash(canonicalFromHistory(receipt.path("streamId").asText(), ledgerEventId)));
        }
        awaitSealed(storedEvents());
        assertThat(send("admin", "admin-demo", HttpRequest.newBuilder(uri("/api/v1/admin/checkpoints"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isIn(200, 201);
        checkpoint = JSON.readTree(get("auditor", "/api/v1/ledger/checkpoints/latest").body());
        assertThat(checkpoint.path("treeSize").asLong()).isEqualTo(storedEvents());
        byte[] root = HEX.parseHex(checkpoint.path("rootHash").asText());
        long treeSize = checkpoint.path("treeSize").asLong();
        for (JsonNode receipt : receipts) {
            String ledgerEventId = receipt.path("ledgerEventId").asText();
            JsonNode proof = JSON.readTree(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId="
                    + ledgerEventId).body());
            assertThat(proof.path("treeSize").asLong()).isEqualTo(treeSize);
            byte[] leaf = leaves.get(ledgerEventId);
            assertThat(proof.path("leafHash").asText()).isEqualTo(HEX.formatHex(leaf));
            List<byte[]> path = new ArrayList<>();
            proof.path("auditPath").forEach(h -> path.add(HEX.parseHex(h.asText())));
            assertThat(verifyInclusion(proof.path("leafIndex").asLong(), treeSize, leaf, path, root))
                    .as("inclusion of %s", ledgerEventId).isTrue();
            // The same proof against the wrong leaf or an older tree fails.
            assertThat(verifyInclusion(proof.path("leafIndex").asLong(), treeSize, sha256(new byte[]{0}), path, root))
                    .isFalse();
        }
        JsonNode older = JSON.readTree(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId="
                + receipts.get(2).path("ledgerEventId").asText() + "&treeSize=7").body());
        JsonNode seven = JSON.readTree(get("auditor", "/api/v1/ledger/checkpoints/7").body());
        assertThat(older.path("rootHash").asText()).isEqualTo(seven.path("rootHash").asText());
        assertThat(older.path("checkpoint").path("signature").asText()).isEqualTo(seven.path("signature").asText());
        assertThat(signatureValid(seven)).isTrue();

        JsonNode consistency = JSON.readTree(get("auditor", "/api/v1/ledger/proofs/consistency?from=7&to=" + treeSize).body());
        assertThat(consistency.path("fromRootHash").asText()).isEqualTo(seven.path("rootHash").asText());
        assertThat(consistency.path("toRootHash").asText()).isEqualTo(checkpoint.path("rootHash").asText());
        List<byte[]> proof = new ArrayList<>();
        consistency.path("proof").forEach(h -> proof.add(HEX.parseHex(h.asText())));
        assertThat(cn.huanxin.ledger.core.integrity.MerkleTree.verifyConsistency(7, treeSize,
                HEX.parseHex(seven.path("rootHash").asText()), root, proof)).isTrue();
    }

    @Test
    @Order(3)
    void aProofOfAnEventNewerThanTheLatestCheckpointComesWithAFreshlySignedOne() throws Exception {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", "INTEGRITY-LATE-1");
        envelope.put("type", "FundOpened");
        envelope.put("occurredAt", "2024-09-30T10:00:00+08:00");
        envelope.set("payload", JSON.readTree("{\"fundId\":\"HA-2024-LATE-01\",\"name\":\"后到的资金\",\"year\":2024,"
                + "\"scheme\":\"CONSUMER_TRADE_IN\",\"source\":\"MUNICIPAL\",\"regionCode\":\"320800\",\"documentNo\":\"D-9\"}"));
        HttpResponse<String> posted = send("importer", "importer-demo", HttpRequest.newBuilder(uri("/api/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(envelope))));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        JsonNode receipt = JSON.readTree(posted.body());
        receipts.add(receipt);
        long stored = storedEvents();
        awaitSealed(stored);
        assertThat(JSON.readTree(get("auditor", "/api/v1/ledger/checkpoints/latest").body()).path("treeSize").asLong())
                .as("no checkpoint covers the new event yet").isLessThan(stored);

        JsonNode proof = JSON.readTree(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId="
                + receipt.path("ledgerEventId").asText()).body());
        assertThat(proof.path("treeSize").asLong()).isEqualTo(stored);
        JsonNode signed = proof.path("checkpoint");
        assertThat(signatureValid(signed)).isTrue();
        assertThat(signed.path("rootHash").asText()).isEqualTo(proof.path("rootHash").asText());
        List<byte[]> path = new ArrayList<>();
        proof.path("auditPath").forEach(h -> path.add(HEX.parseHex(h.asText())));
        assertThat(verifyInclusion(proof.path("leafIndex").asLong(), proof.path("treeSize").asLong(),
                leafHash(canonicalFromHistory(receipt.path("streamId").asText(), receipt.path("ledgerEventId").asText())),
                path, HEX.parseHex(signed.path("rootHash").asText()))).isTrue();
    }

    @Test
    @Order(3)
    void badProofRequestsAreRefused() throws Exception {
        assertThat(get("auditor", "/api/v1/ledger/proofs/inclusion").statusCode()).isEqualTo(400);
        assertThat(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId=nope").statusCode()).isEqualTo(404);
        String id = receipts.get(receipts.size() - 1).path("ledgerEventId").asText();
        assertThat(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId=" + id + "&treeSize=3").statusCode())
                .isEqualTo(400);
        assertThat(get("auditor", "/api/v1/ledger/proofs/inclusion?ledgerEventId=" + id + "&treeSize=99999").statusCode())
                .isEqualTo(404);
        assertThat(get("auditor", "/api/v1/ledger/proofs/consistency?from=9&to=3").statusCode()).isEqualTo(400);
        assertThat(get("auditor", "/api/v1/ledger/proofs/consistency?from=x&to=3").statusCode()).isEqualTo(400);
        assertThat(get("auditor", "/api/v1/ledger/checkpoints/abc").statusCode()).isEqualTo(400);
        assertThat(get("platform", "/api/v1/ledger/checkpoints/latest").statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(uri("/api/v1/ledger/checkpoints/latest")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(send("admin", "admin-demo", HttpRequest.newBuilder(uri("/api/v1/admin/projections/seal/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(409);
    }

    @Test
    @Order(4)
    void anUntouchedLedgerVerifies() throws Exception {
        JsonNode result = verify();
        assertThat(result.path("valid").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("checked").asLong()).isEqualTo(storedEvents());
        assertThat(result.path("firstMismatch").isNull()).isTrue();
        assertThat(result.path("checkpointsChecked").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(send("platform", "platform-demo", HttpRequest.newBuilder(uri("/api/v1/ledger/verify"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void evidenceForASubjectCarriesCanonicalBytesAndProofs() throws Exception {
        // waits for supervision: evidence is built from its traces (404 until it holds the subsidy and the person)
        awaitCaughtUp("supervision", storedEvents());
        HttpResponse<String> response = get("discipline", "/api/v1/evidence/subsidy/S-320812-2024-000001");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        JsonNode bundle = JSON.readTree(response.body());
        assertThat(bundle.path("format").asText()).isEqualTo("huanxin-ledger/evidence-bundle/v1");
        assertThat(bundle.path("events").size()).isGreaterThanOrEqualTo(2);
        assertThat(signatureValid(bundle.path("checkpoint"))).isTrue();
        byte[] root = HEX.parseHex(bundle.path("checkpoint").path("rootHash").asText());
        for (JsonNode event : bundle.path("events")) {
            byte[] leaf = leafHash(event.path("canonical").asText());
            assertThat(event.path("leafHash").asText()).isEqualTo(HEX.formatHex(leaf));
            List<byte[]> path = new ArrayList<>();
            event.path("auditPath").forEach(h -> path.add(HEX.parseHex(h.asText())));
            assertThat(verifyInclusion(event.path("leafIndex").asLong(), bundle.path("checkpoint").path("treeSize").asLong(),
                    leaf, path, root)).isTrue();
        }
        // The offline verifier accepts it with the published key pinned, and catches a changed amount.
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        cn.huanxin.ledger.verifier.BundleVerification verified =
                cn.huanxin.ledger.verifier.BundleVerifier.pinnedTo(publicKey).verify(bytes);
        assertThat(verified.problems()).isEmpty();
        assertThat(verified.valid()).isTrue();
        String tampered = response.body().replaceFirst("\\\\\"amount\\\\\":\\\\\"[0-9]+", "\\\\\"amount\\\\\":\\\\\"9");
        assertThat(tampered).isNotEqualTo(response.body());
        assertThat(cn.huanxin.ledger.verifier.BundleVerifier.pinnedTo(publicKey)
                .verify(tampered.getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
        assertThat(get("auditor", "/api/v1/evidence/subsidy/S-320812-2024-000001").statusCode()).isEqualTo(403);

        // A person by ID number: the bundle names the pseudonym only, never the number.
        String idNumber = JSON.readTree(IngestionEndToEndTest.EXAMPLES.resolve("SubsidyGranted.json").toFile())
                .path("payload").path("beneficiary").path("idNumber").asText();
        HttpResponse<String> person = get("discipline", "/api/v1/evidence/person/" + idNumber);
        assertThat(person.statusCode()).as(person.body()).isEqualTo(200);
        assertThat(person.body()).doesNotContain(idNumber);
        assertThat(JSON.readTree(person.body()).path("events").size()).isGreaterThanOrEqualTo(1);
        assertThat(cn.huanxin.ledger.verifier.BundleVerifier.pinnedTo(publicKey)
                .verify(person.body().getBytes(StandardCharsets.UTF_8)).valid()).isTrue();
        assertThat(get("discipline", "/api/v1/evidence/person/123").statusCode()).isEqualTo(400);
        assertThat(get("discipline", "/api/v1/evidence/subsidy/NOPE").statusCode()).isEqualTo(404);
        assertThat(get("discipline", "/api/v1/evidence/planet/X").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void aPayloadChangedBehindTheLedgersBackIsNamedByVerify() throws Exception {
        JsonNode target = receipts.stream().filter(r -> r.path("streamId").asText().startsWith("subsidy:"))
                .findFirst().orElseThrow();
        long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, target.path("ledgerEventId").asText());
        byte[] payload = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, position);
        String changed = new String(payload, StandardCharsets.UTF_8).replaceFirst("\"amount\":\"[0-9.]+\"",
                "\"amount\":\"1.00\"");
        assertThat(changed).isNotEqualTo(new String(payload, StandardCharsets.UTF_8));
        tamperWithPayload(position, changed.getBytes(StandardCharsets.UTF_8));

        JsonNode result = verify();
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("firstMismatch").path("position").asLong()).isEqualTo(position);
        assertThat(result.path("firstMismatch").path("ledgerEventId").asText()).isEqualTo(target.path("ledgerEventId").asText());
        // The changed leaf, then every signed root above it.
        long checkpointsAbove = jdbc.queryForObject("SELECT COUNT(*) FROM seal_checkpoint WHERE last_position >= ?",
                Long.class, position);
        assertThat(result.path("mismatches").asLong()).isEqualTo(1 + checkpointsAbove);

        HttpResponse<String> evidence = get("discipline", "/api/v1/evidence/subsidy/S-320812-2024-000001");
        assertThat(evidence.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(evidence.body()).path("code").asText()).isEqualTo("INTEGRITY_MISMATCH");

        // Whoever also rewrites the sealed leaf to match is caught by the signed root.
        long leafIndex = result.path("firstMismatch").path("leafIndex").asLong();
        tamperWithLeaf(leafIndex, leafHash(canonicalFromHistory(target.path("streamId").asText(),
                target.path("ledgerEventId").asText())));
        JsonNode again = verify();
        assertThat(again.path("valid").asBoolean()).isFalse();
        assertThat(again.path("firstMismatch").path("reason").asText()).contains("signed checkpoint");
        assertThat(again.path("firstMismatch").path("position").asLong()).isGreaterThanOrEqualTo(position);
    }

    // ---- an independent verifier, from docs/integrity.md

    /** Section 1: the eleven members, times as UTC instants, from the history API. */
    private String canonicalFromHistory(String streamId, String ledgerEventId) throws Exception {
        JsonNode history = JSON.readTree(get("auditor", "/api/v1/history/" + streamId).body());
        for (JsonNode event : history.path("events")) {
            if (event.path("ledgerEventId").asText().equals(ledgerEventId)) {
                ObjectNode members = JSON.createObjectNode();
                members.put("position", event.path("position").asLong());
                members.put("ledgerEventId", ledgerEventId);
                members.put("streamId", streamId);
                members.put("sequence", event.path("sequence").asLong());
                members.put("type", event.path("type").asText());
                members.put("revision", event.path("revision").asText());
                members.put("occurredAt", OffsetDateTime.parse(event.path("occurredAt").asText()).toInstant().toString());
                members.put("recordedAt", OffsetDateTime.parse(event.path("recordedAt").asText()).toInstant().toString());
                members.put("source", event.path("source").asText());
                members.put("eventId", event.path("eventId").asText());
                members.set("payload", event.path("payload"));
                return Jcs.canonical(members);
            }
        }
        throw new AssertionError("no event " + ledgerEventId + " in the history of " + streamId);
    }

    private static byte[] leafHash(String canonical) throws Exception {
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, input, 1, bytes.length);
        return sha256(input);
    }

    private static byte[] node(byte[] left, byte[] right) throws Exception {
        byte[] input = new byte[65];
        input[0] = 1;
        System.arraycopy(left, 0, input, 1, 32);
        System.arraycopy(right, 0, input, 33, 32);
        return sha256(input);
    }

    /** Section 4, step by step. */
    private static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leaf, List<byte[]> path, byte[] root)
            throws Exception {
        if (leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** Section "Checkpoints": Ed25519 over the five-line statement. */
    private boolean signatureValid(JsonNode checkpoint) throws Exception {
        String statement = "huanxin-ledger/checkpoint/v1\n" + checkpoint.path("treeSize").asLong() + "\n"
                + checkpoint.path("rootHash").asText() + "\n" + checkpoint.path("signedAt").asText() + "\n"
                + checkpoint.path("keyId").asText() + "\n";
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(statement.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(checkpoint.path("signature").asText()));
    }

    private static PublicKey readPem(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static byte[] sha256(byte[] input) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(input);
    }

    // ---- helpers

    private JsonNode verify() throws Exception {
        HttpResponse<String> response = send("auditor", "auditor-demo", HttpRequest.newBuilder(uri("/api/v1/ledger/verify"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Every stored event is a leaf: the posted ones and the access log's records of sensitive reads. */
    private long storedEvents() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    private void awaitSealed(long events) throws Exception {
        awaitCaughtUp("seal", events);
    }

    /** Waits until the named view (its slowest segment) has handled {@code events} events and has no lag. */
    private void awaitCaughtUp(String view, long events) throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode processor : JSON.readTree(get("admin", "/api/v1/admin/projections").body()).path("items")) {
                if (processor.path("name").asText().equals(view) && processor.path("position").asLong() >= events
                        && processor.path("lag").asLong() == 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the " + view + " view did not catch up within " + CATCH_UP);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String user, String path) throws IOException, InterruptedException {
        return send(user, user + "-demo", HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(String user, String password, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
