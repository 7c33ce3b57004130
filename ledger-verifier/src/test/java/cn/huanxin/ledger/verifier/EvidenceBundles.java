package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.CanonicalEvent;
import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.MerkleTree;
import cn.huanxin.ledger.core.integrity.SigningKey;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds real evidence bundles with ledger-core, as the ledger's evidence endpoint does: canonical
 * events, their Merkle tree, audit paths and a checkpoint signed with a freshly generated key.
 *
 * <p>What ledger-api's test of the packaged {@code ledger-api.jar} needs is public; it reaches this
 * class through the module's test jar.
 */
public final class EvidenceBundles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGNED_AT = "2024-09-01T10:15:00+08:00";

    /** One leaf of the tree: the event's position and id, and its leaf input (canonical text). */
    record Leaf(long position, String ledgerEventId, String canonical) {
    }

    private final List<Leaf> leaves;
    private final List<byte[]> leafHashes = new ArrayList<>();
    private final byte[] root;

    private EvidenceBundles(List<Leaf> leaves) {
        this.leaves = List.copyOf(leaves);
        for (Leaf leaf : leaves) {
            leafHashes.add(MerkleTree.leafHash(leaf.canonical().getBytes(StandardCharsets.UTF_8)));
        }
        this.root = MerkleTree.root(leafHashes);
    }

    /** A tree of seven events at positions 1, 2, 4, 5, 9, 10, 12 (the log has gaps), non-ASCII payloads among them. */
    public static EvidenceBundles ledger() {
        List<CanonicalEvent> events = List.of(
                event(1, 1, "enterprise:91320812MA1MXP4R85", 0, "EnterpriseRegistered", "{}"),
                event(2, 2, "fund:HA-2024-CTI-CB-01", 0, "FundOpened", """
                        {"fundId": "HA-2024-CTI-CB-01", "name": "2024年淮安市消费品以旧换新超长期特别国债资金",
                         "year": 2024, "note": "第一批\\n\\"以旧换新\\" \\u20ac"}"""),
                event(3, 4, "reverse-invoice:03200240001-00000001", 1, "ReverseInvoiceIssued", """
                        {"invoiceNo": "00000001", "amount": "1999.00",
                         "lines": [{"category": "REFRIGERATOR", "quantity": 1, "weightKg": 12.50}]}"""),
                event(4, 5, "subsidy:S-320812-000001", 0, "SubsidyRequested", """
                        {"subsidyId": "S-320812-000001", "amount": "500.00", "applicant": "p:7f3a9c",
                         "remark": "以旧换新补贴 🚗 emoji \\u0007 bell"}"""),
                event(5, 9, "subsidy:S-320812-000001", 1, "SubsidyGranted", """
                        {"subsidyId": "S-320812-000001", "amount": "500.00", "approvedBy": "淮安市商务局"}"""),
                event(6, 10, "vehicle:LSVAU2180N2183921", 0, "VehicleScrapped", """
                        {"vin": "LSVAU2180N2183921", "weightKg": 1385.125, "certified": true, "plate": null}"""),
                event(7, 12, "subsidy:S-320812-000001", 2, "SubsidyPaid", """
                        {"subsidyId": "S-320812-000001", "amount": "500.00", "voucher": "PZ-2024-0831-001"}"""));
        return new EvidenceBundles(events.stream()
                .map(e -> new Leaf(e.position(), e.ledgerEventId(), new String(e.bytes(), StandardCharsets.UTF_8)))
                .toList());
    }

    /** A tree of arbitrary leaf inputs, for leaves the ledger should never have signed. */
    static EvidenceBundles of(List<Leaf> leaves) {
        return new EvidenceBundles(leaves);
    }

    public static SigningKey newKey() {
        KeyPair pair = Ed25519Keys.generate();
        return SigningKey.of(pair.getPrivate(), pair.getPublic());
    }

    public static String ledgerEventId(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    int treeSize() {
        return leaves.size();
    }

    Leaf leaf(int leafIndex) {
        return leaves.get(leafIndex);
    }

    /** A bundle holding the events at the given leaf indices (in ascending order), signed by {@code key}. */
    public ObjectNode bundle(SigningKey key, int... leafIndices) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("format", "huanxin-ledger/evidence-bundle/v1");
        ObjectNode subject = bundle.putObject("subject");
        subject.put("kind", "subsidy");
        subject.put("ref", "S-320812-000001");
        bundle.put("generatedAt", SIGNED_AT);
        ObjectNode publicKey = bundle.putObject("publicKey");
        publicKey.put("algorithm", "Ed25519");
        publicKey.put("keyId", key.keyId());
        publicKey.put("pem", Ed25519Keys.publicKeyPem(key.publicKey()));
        bundle.set("checkpoint", checkpoint(key));
        ArrayNode events = bundle.putArray("events");
        for (int leafIndex : leafIndices) {
            Leaf leaf = leaves.get(leafIndex);
            ObjectNode event = events.addObject();
            event.put("ledgerEventId", leaf.ledgerEventId());
            event.put("position", leaf.position());
            event.put("leafIndex", leafIndex);
            event.put("canonical", leaf.canonical());
            event.put("leafHash", Hashes.hex(leafHashes.get(leafIndex)));
            ArrayNode auditPath = event.putArray("auditPath");
            MerkleTree.inclusionProof(leafHashes, leafIndex).forEach(hash -> auditPath.add(Hashes.hex(hash)));
        }
        return bundle;
    }

    /** The checkpoint of this tree, signed by {@code key}, as a bundle's {@code checkpoint} member. */
    ObjectNode checkpoint(SigningKey key) {
        return checkpoint(key, leaves.size(), root, SIGNED_AT);
    }

    static ObjectNode checkpoint(SigningKey key, long treeSize, byte[] root, String signedAt) {
        Checkpoint checkpoint = Checkpoint.sign(treeSize, root, signedAt, key);
        ObjectNode node = JSON.createObjectNode();
        node.put("treeSize", checkpoint.treeSize());
        node.put("rootHash", checkpoint.rootHash());
        node.put("signedAt", checkpoint.signedAt());
        node.put("keyId", checkpoint.keyId());
        node.put("signature", checkpoint.signature());
        return node;
    }

    public static byte[] bytes(JsonNode bundle) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CanonicalEvent event(int n, long position, String streamId, long sequence, String type,
                                        String payload) {
        try {
            return new CanonicalEvent(position, ledgerEventId(n), streamId, sequence, type, "1",
                    Instant.parse("2024-08-01T02:00:00Z").plusSeconds(3_600L * n),
                    Instant.parse("2024-08-01T02:00:03.120500Z").plusSeconds(3_600L * n),
                    "tax-bureau", "EX-" + n, JSON.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
