package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.verifier.EvidenceBundles.Leaf;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.MerkleTree;
import cn.huanxin.ledger.core.integrity.SigningKey;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static cn.huanxin.ledger.verifier.EvidenceBundles.JSON;
import static cn.huanxin.ledger.verifier.EvidenceBundles.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier against real bundles built with ledger-core, and against each way of
 * tampering with them that it must catch.
 */
class BundleVerifierTest {

    private static final SigningKey KEY = EvidenceBundles.newKey();
    private static final EvidenceBundles LEDGER = EvidenceBundles.ledger();
    /** The default bundle holds the events at these leaf indices of the seven-leaf tree. */
    private static final int[] INCLUDED = {1, 2, 4, 6};

    // ---------------------------------------------------------------------------------------------
    // valid bundles

    @Test
    void verifiesABundleBuiltWithLedgerCore() {
        BundleVerification verification = verify(bundle());

        assertThat(verification.problems()).isEmpty();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.summary()).isEqualTo(new BundleSummary("subsidy", "S-320812-000001", 4, 7L,
                EvidenceBundles.SIGNED_AT, KEY.keyId(), false));
    }

    @Test
    void verifiesEveryLeafOfTheTree() {
        BundleVerification verification = verify(LEDGER.bundle(KEY, 0, 1, 2, 3, 4, 5, 6));

        assertThat(verification.problems()).isEmpty();
        assertThat(verification.summary().eventCount()).isEqualTo(7);
    }

    @Test
    void aBundleFromWhichAnEventWasRemovedStillVerifiesBecauseItProvesInclusionNotCompleteness() {
        ObjectNode bundle = bundle();
        events(bundle).remove(1);

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).isEmpty();
        assertThat(verification.summary().eventCount()).isEqualTo(3);
    }

    @Test
    void anEmptyEventListIsValidAndReportedAsHoldingNoEvents() {
        BundleVerification verification = verify(LEDGER.bundle(KEY));

        assertThat(verification.valid()).isTrue();
        assertThat(verification.summary().eventCount()).isZero();
    }

    @Test
    void aBundleOfTheOneLeafOfAOneLeafTreeHasAnEmptyAuditPathAndVerifies() {
        EvidenceBundles single = EvidenceBundles.of(List.of(LEDGER.leaf(0)));

        BundleVerification verification = verify(single.bundle(KEY, 0));

        assertThat(verification.problems()).isEmpty();
    }

    @Test
    void theLayoutOfTheBundleItselfDoesNotMatter() {
        byte[] compact = bundle().toString().getBytes(StandardCharsets.UTF_8);

        assertThat(BundleVerifier.trustingBundleKey().verify(compact).problems()).isEmpty();
    }

    @Test
    void aVerifierPinnedToTheSigningKeyAcceptsTheBundle() {
        BundleVerification verification = BundleVerifier.pinnedTo(KEY.publicKey()).verify(bytes(bundle()));

        assertThat(verification.problems()).isEmpty();
        assertThat(verification.summary().keyPinned()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // tampered events

    @Test
    void aPayloadChangedInsideCanonicalBreaksTheLeafHashAndTheAuditPath() {
        ObjectNode bundle = bundle();
        replaceInCanonical(bundle, 0, "淮安市", "淮阴市");

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "events[0] (ledgerEventId " + EvidenceBundles.ledgerEventId(2) + ", position 2)",
                "is not the leaf hash of canonical");
        assertProblem(verification, "events[0]", "auditPath of 3 hashes does not lead");
        assertOnlyAbout(verification, "events[0]");
    }

    @Test
    void aPayloadChangedWithItsLeafHashRecomputedIsStillCaughtByTheAuditPath() {
        ObjectNode bundle = bundle();
        replaceInCanonical(bundle, 2, "淮安市商务局", "淮安市财政局");
        event(bundle, 2).put("leafHash", hex(MerkleTree.leafHash(
                event(bundle, 2).get("canonical").textValue().getBytes(StandardCharsets.UTF_8))));

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).startsWith("events[2]");
            assertThat(problem.reason()).contains("does not lead from the leaf hash of canonical at leafIndex 4");
        });
    }

    @Test
    void canonicalWithItsMembersReorderedIsNotInCanonicalForm() {
        ObjectNode bundle = bundle();
        JsonNode parsed = parse(event(bundle, 1).get("canonical").textValue());
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("position", parsed.get("position"));
        parsed.fields().forEachRemaining(member -> reordered.set(member.getKey(), member.getValue()));
        event(bundle, 1).put("canonical", reordered.toString());

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "events[1]", "is not in canonical form");
        assertProblem(verification, "events[1]", "it first differs at byte 2, where \"position\":4,");
        assertOnlyAbout(verification, "events[1]");
    }

    @Test
    void canonicalWithWhiteSpaceAddedIsNotInCanonicalForm() {
        ObjectNode bundle = bundle();
        replaceInCanonical(bundle, 3, ",\"position\":", ", \"position\": ");

        assertProblem(verify(bundle), "events[3]", "is not in canonical form");
    }

    @Test
    void aChangedLeafHashIsCaught() {
        ObjectNode bundle = bundle();
        event(bundle, 1).put("leafHash", "00".repeat(32));

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).startsWith("events[1]");
            assertThat(problem.reason()).startsWith("leafHash " + "00".repeat(32) + " is not the leaf hash");
        });
    }

    @Test
    void aChangedAuditPathElementIsCaught() {
        ObjectNode bundle = bundle();
        ArrayNode auditPath = (ArrayNode) event(bundle, 2).get("auditPath");
        auditPath.set(1, TextNode.valueOf(flipLastHexDigit(auditPath.get(1).textValue())));

        assertSingleInclusionProblem(verify(bundle), "events[2]", "auditPath of 3 hashes does not lead");
    }

    @Test
    void aRemovedAuditPathElementIsCaughtAndTheNeededLengthNamed() {
        ObjectNode bundle = bundle();
        ((ArrayNode) event(bundle, 2).get("auditPath")).remove(2);

        assertSingleInclusionProblem(verify(bundle), "events[2]", "needs exactly 3 hashes");
    }

    @Test
    void anAddedAuditPathElementIsCaught() {
        ObjectNode bundle = bundle();
        ((ArrayNode) event(bundle, 0).get("auditPath")).add("ab".repeat(32));

        assertSingleInclusionProblem(verify(bundle), "events[0]", "auditPath of 4 hashes");
    }

    @Test
    void aChangedLeafIndexIsCaughtByTheAuditPath() {
        ObjectNode bundle = bundle();
        event(bundle, 1).put("leafIndex", 3); // still between its neighbours 1 and 4, still below position 4

        assertSingleInclusionProblem(verify(bundle), "events[1]", "at leafIndex 3");
    }

    @Test
    void aLeafIndexOutsideTheTreeIsCaught() {
        ObjectNode bundle = bundle();
        event(bundle, 3).put("leafIndex", 7);

        assertProblem(verify(bundle), "events[3]", "leafIndex 7 is outside the checkpoint's tree of 7 leaves");
    }

    @Test
    void anEntryPositionThatDiffersFromTheCanonicalPositionIsCaught() {
        ObjectNode bundle = bundle();
        event(bundle, 1).put("position", 5);

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).isEqualTo("events[1] (ledgerEventId " + EvidenceBundles.ledgerEventId(3)
                    + ", position 5)");
            assertThat(problem.reason()).isEqualTo("position 5 differs from the canonical form's position 4");
        });
    }

    @Test
    void aPositionChangedInsideCanonicalWithRecomputedHashesIsCaughtByTheAuditPath() {
        ObjectNode bundle = bundle();
        replaceInCanonical(bundle, 1, "\"position\":4,", "\"position\":3,");
        event(bundle, 1).put("position", 3);
        event(bundle, 1).put("leafHash", hex(MerkleTree.leafHash(
                event(bundle, 1).get("canonical").textValue().getBytes(StandardCharsets.UTF_8))));

        assertSingleInclusionProblem(verify(bundle), "events[1]", "does not lead");
    }

    @Test
    void anEntryLedgerEventIdThatDiffersFromTheCanonicalOneIsCaught() {
        ObjectNode bundle = bundle();
        event(bundle, 2).put("ledgerEventId", EvidenceBundles.ledgerEventId(99));

        assertProblem(verify(bundle), "events[2] (ledgerEventId " + EvidenceBundles.ledgerEventId(99),
                "differs from the canonical form's ledgerEventId " + EvidenceBundles.ledgerEventId(5));
    }

    @Test
    void eventsOutOfOrderAreCaught() {
        ObjectNode bundle = bundle();
        JsonNode second = events(bundle).remove(1);
        events(bundle).insert(2, second);

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "events[2]", "position 4 comes after position 9 of events[1]");
        assertProblem(verification, "events[2]", "leafIndex 2 comes after leafIndex 4 of events[1]");
    }

    @Test
    void aRepeatedEventIsCaught() {
        ObjectNode bundle = bundle();
        events(bundle).insert(2, event(bundle, 1).deepCopy());

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "events[2]", "ledgerEventId " + EvidenceBundles.ledgerEventId(3)
                + " repeats that of events[1]");
        assertProblem(verification, "events[2]", "position 4 repeats that of events[1]");
        assertProblem(verification, "events[2]", "leafIndex 2 repeats that of events[1]");
    }

    @Test
    void aLeafIndexBeyondWhatItsPositionAllowsIsCaught() {
        // Leaf 3 holds position 5; a leaf index of 5 would need five events before position 5.
        EvidenceBundles shifted = EvidenceBundles.of(List.of(LEDGER.leaf(0), LEDGER.leaf(0), LEDGER.leaf(0),
                LEDGER.leaf(0), LEDGER.leaf(0), LEDGER.leaf(3)));

        assertProblem(verify(shifted.bundle(KEY, 5)), "events[0]", "leafIndex 5 cannot hold position 5");
    }

    // ---------------------------------------------------------------------------------------------
    // leaves the ledger signed although they are not canonical events

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a member version 1 does not have  | ,"position":2,                     | ,"position":2,"principal":"importer",    | canonical has members that version 1 does not have: [principal]
            a member left out                 | ,"sequence":0,                     | ,                                        | member sequence is missing
            a time at an offset               | "occurredAt":"2024-08-01T04:00:00Z" | "occurredAt":"2024-08-01T12:00:00+08:00" | it must be written "2024-08-01T04:00:00Z"
            a time that is no time            | "occurredAt":"2024-08-01T04:00:00Z" | "occurredAt":"yesterday"                 | member occurredAt "yesterday" is not an instant
            a time with needless digits       | "occurredAt":"2024-08-01T04:00:00Z" | "occurredAt":"2024-08-01T04:00:00.000Z"  | it must be written "2024-08-01T04:00:00Z"
            a position that is a string       | "position":2,                      | "position":"2",                          | member position must be an integer, is a string
            a position of zero                | "position":2,                      | "position":0,                            | member position must be between 1 and 9007199254740991, is 0
            a payload that is a string        | "payload":{                        | "payload":"{",                           | not well-formed JSON
            white space                       | "type":                            | "type" :                                 | is not in canonical form
            a needless escape                 | 淮安市                              | \\u6dee安市                                | is not in canonical form
            a number with a trailing zero     | "year":2024                        | "year":2024.0                            | is not in canonical form
            a number beyond 2^53              | "year":2024                        | "year":9007199254740993                  | has no canonical form
            a member given twice              | "type":"FundOpened"                | "type":"FundOpened","type":"FundOpened"  | Duplicate field 'type'
            """)
    void aLeafThatIsNotACanonicalEventIsCaughtEvenWhenTheLedgerSignedIt(String what, String from, String to,
                                                                        String reason) {
        String canonical = LEDGER.leaf(1).canonical();
        assertThat(canonical).as("the test's premise").contains(from.strip());
        Leaf crafted = new Leaf(2, EvidenceBundles.ledgerEventId(2), canonical.replace(from.strip(), to.strip()));
        EvidenceBundles signed = EvidenceBundles.of(List.of(LEDGER.leaf(0), crafted));

        BundleVerification verification = verify(signed.bundle(KEY, 1));

        assertProblem(verification, "events[0]", reason);
        assertOnlyAbout(verification, "events[0]");
        assertThat(verification.problems()).noneSatisfy(problem -> assertThat(problem.reason()).contains("auditPath"));
    }

    @Test
    void canonicalThatIsAJsonArrayIsCaught() {
        ObjectNode bundle = bundle();
        event(bundle, 0).put("canonical", "[1,2]");

        assertProblem(verify(bundle), "events[0]", "canonical must be a JSON object, is an array");
    }

    @Test
    void canonicalWithAnUnpairedSurrogateIsCaught() {
        String text = new String(bytes(bundle()), StandardCharsets.UTF_8).replace("PZ-2024", "PZ\\ud800-2024");

        BundleVerification verification = BundleVerifier.trustingBundleKey().verify(text.getBytes(StandardCharsets.UTF_8));

        assertProblem(verification, "events[3]", "unpaired surrogate");
    }

    // ---------------------------------------------------------------------------------------------
    // tampered checkpoint and key

    @Test
    void aChangedRootHashBreaksTheSignatureAndEveryAuditPath() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("rootHash", flipLastHexDigit(checkpoint(bundle).get("rootHash").textValue()));

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "checkpoint", "signature does not verify");
        for (int i = 0; i < INCLUDED.length; i++) {
            assertProblem(verification, "events[" + i + "]", "to the checkpoint's rootHash");
        }
        assertThat(verification.problems()).hasSize(1 + INCLUDED.length);
    }

    @Test
    void aRootHashInUpperCaseIsNotTheSignedForm() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("rootHash", checkpoint(bundle).get("rootHash").textValue().toUpperCase());

        assertProblem(verify(bundle), "checkpoint", "member rootHash must be 64 lower-case hex digits");
    }

    @Test
    void aChangedTreeSizeBreaksTheSignature() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("treeSize", 8);

        assertProblem(verify(bundle), "checkpoint", "signature does not verify");
    }

    @Test
    void aChangedSignedAtBreaksTheSignature() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("signedAt", "2024-09-01T10:16:00+08:00");

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).singleElement().hasToString("checkpoint: signature does not verify under key "
                + KEY.keyId() + ": treeSize, rootHash, signedAt or keyId differ from what was signed, or the "
                + "signature was changed");
    }

    @Test
    void aSignedAtThatIsNoTimeIsCaught() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("signedAt", "2024-09-01T10:15:00+08:00\nextra line");

        assertProblem(verify(bundle), "checkpoint", "signedAt \"2024-09-01T10:15:00+08:00\\u000aextra line\" is not");
    }

    @Test
    void aChangedSignatureIsCaught() {
        ObjectNode bundle = bundle();
        byte[] signature = Base64.getDecoder().decode(checkpoint(bundle).get("signature").textValue());
        signature[10] ^= 0x01;
        checkpoint(bundle).put("signature", Base64.getEncoder().encodeToString(signature));

        assertProblem(verify(bundle), "checkpoint", "signature does not verify");
    }

    @Test
    void aSignatureOfTheWrongLengthIsCaught() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("signature", Base64.getEncoder().encodeToString(new byte[63]));

        assertProblem(verify(bundle), "checkpoint", "signature must be standard base64 of 64 bytes");
    }

    @Test
    void aSignatureInANonStandardBase64FormIsCaughtAlthoughItDecodesToTheSameBytes() {
        ObjectNode bundle = bundle();
        String signature = checkpoint(bundle).get("signature").textValue();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char last = signature.charAt(signature.length() - 3); // before "==": 2 bits used, 4 ignored
        String changed = signature.substring(0, signature.length() - 3)
                + alphabet.charAt(alphabet.indexOf(last) ^ 1) + "==";
        assertThat(Base64.getDecoder().decode(changed)).as("the test's premise")
                .isEqualTo(Base64.getDecoder().decode(signature));
        checkpoint(bundle).put("signature", changed);

        assertProblem(verify(bundle), "checkpoint", "signature must be standard base64 of 64 bytes");
    }

    @Test
    void aChangedCheckpointKeyIdIsCaught() {
        ObjectNode bundle = bundle();
        checkpoint(bundle).put("keyId", "0123456789abcdef");

        assertProblem(verify(bundle), "checkpoint", "keyId \"0123456789abcdef\" does not name the bundle's public key, "
                + "whose key id is " + KEY.keyId());
    }

    @Test
    void aChangedPublicKeyIdIsCaught() {
        ObjectNode bundle = bundle();
        publicKey(bundle).put("keyId", "0123456789abcdef");

        assertProblem(verify(bundle), "publicKey", "keyId \"0123456789abcdef\" does not name the key, whose key id");
    }

    @Test
    void anotherKeySwappedInWithoutResigningIsCaught() {
        SigningKey other = EvidenceBundles.newKey();
        ObjectNode bundle = bundle();
        publicKey(bundle).put("pem", Ed25519Keys.publicKeyPem(other.publicKey()));
        publicKey(bundle).put("keyId", other.keyId());

        assertProblem(verify(bundle), "checkpoint", "does not name the bundle's public key, whose key id is "
                + other.keyId());
    }

    @Test
    void aBundleResignedWithAnotherKeyIsConsistentButCaughtWhenTheKeyIsPinned() {
        SigningKey other = EvidenceBundles.newKey();
        byte[] resigned = bytes(LEDGER.bundle(other, INCLUDED));

        assertThat(BundleVerifier.trustingBundleKey().verify(resigned).problems())
                .as("without a trusted key, only the published key id tells the two keys apart").isEmpty();
        BundleVerification pinned = BundleVerifier.pinnedTo(KEY.publicKey()).verify(resigned);
        assertProblem(pinned, "publicKey", "is not the trusted key: its key id is " + other.keyId()
                + ", the trusted key's is " + KEY.keyId());
        assertProblem(pinned, "checkpoint", "does not name the trusted key");
        assertThat(pinned.summary().keyId()).isEqualTo(KEY.keyId());
    }

    @Test
    void aPublicKeyThatIsNotEd25519IsCaught() {
        ObjectNode bundle = bundle();
        publicKey(bundle).put("pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        publicKey(bundle).put("algorithm", "RSA");

        BundleVerification verification = verify(bundle);

        assertProblem(verification, "publicKey", "algorithm must be Ed25519, is \"RSA\"");
        assertProblem(verification, "publicKey", "pem is not an Ed25519 public key");
    }

    // ---------------------------------------------------------------------------------------------
    // malformed bundles

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /format                | bundle     | member format is missing
            /subject               | bundle     | member subject is missing
            /subject/kind          | subject    | member kind is missing
            /subject/ref           | subject    | member ref is missing
            /generatedAt           | bundle     | member generatedAt is missing
            /publicKey             | bundle     | member publicKey is missing
            /publicKey/algorithm   | publicKey  | member algorithm is missing
            /publicKey/keyId       | publicKey  | member keyId is missing
            /publicKey/pem         | publicKey  | member pem is missing
            /checkpoint            | bundle     | member checkpoint is missing
            /checkpoint/treeSize   | checkpoint | member treeSize is missing
            /checkpoint/rootHash   | checkpoint | member rootHash is missing
            /checkpoint/signedAt   | checkpoint | member signedAt is missing
            /checkpoint/keyId      | checkpoint | member keyId is missing
            /checkpoint/signature  | checkpoint | member signature is missing
            /events                | bundle     | member events is missing
            /events/1/ledgerEventId| events[1]  | member ledgerEventId is missing
            /events/1/position     | events[1]  | member position is missing
            /events/1/leafIndex    | events[1]  | member leafIndex is missing
            /events/1/canonical    | events[1]  | member canonical is missing
            /events/1/leafHash     | events[1]  | member leafHash is missing
            /events/1/auditPath    | events[1]  | member auditPath is missing
            """)
    void aMissingMemberIsNamed(String pointer, String where, String reason) {
        ObjectNode bundle = bundle();
        JsonPointer path = JsonPointer.compile(pointer.strip());
        ((ObjectNode) bundle.at(path.head())).remove(path.last().getMatchingProperty());

        BundleVerification verification = verify(bundle);

        assertProblem(verification, where.strip(), reason.strip());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /checkpoint/treeSize | "7"     | checkpoint | member treeSize must be an integer, is a string
            /checkpoint/treeSize | 7.0     | checkpoint | member treeSize must be an integer, is a number with a fraction
            /checkpoint/treeSize | -1      | checkpoint | member treeSize must be between 0 and
            /events/0/leafIndex  | 1.5     | events[0]  | member leafIndex must be an integer
            /events/0/position   | null    | events[0]  | member position must be an integer, is null
            /events/0/auditPath  | "[]"    | events[0]  | member auditPath must be an array, is a string
            /events/0/auditPath  | [1]     | events[0]  | auditPath[0] must be a string, is an integer
            /events/0/canonical  | {}      | events[0]  | member canonical must be a string, is an object
            /events/0/leafHash   | "abc"   | events[0]  | member leafHash must be 64 lower-case hex digits
            /subject             | []      | bundle     | member subject must be an object, is an array
            /events              | {}      | bundle     | member events must be an array, is an object
            /events/0            | true    | events[0]  | must be an object, is a boolean
            """)
    void aMemberOfTheWrongTypeIsNamed(String pointer, String json, String where, String reason) throws Exception {
        ObjectNode bundle = bundle();
        JsonPointer path = JsonPointer.compile(pointer.strip());
        JsonNode parent = bundle.at(path.head());
        JsonNode value = JSON.readTree(json.strip());
        if (parent instanceof ArrayNode array) {
            array.set(path.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(path.last().getMatchingProperty(), value);
        }

        assertProblem(verify(bundle), where.strip(), reason.strip());
    }

    @Test
    void anUnknownFormatIsNamedAndNothingElseIsChecked() {
        ObjectNode bundle = bundle();
        bundle.put("format", "huanxin-ledger/evidence-bundle/v2");
        checkpoint(bundle).put("signature", "garbage");

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).singleElement().hasToString("bundle: format "
                + "\"huanxin-ledger/evidence-bundle/v2\" is not known; this verifier reads only "
                + "huanxin-ledger/evidence-bundle/v1");
    }

    @Test
    void aTruncatedBundleIsAClearProblem() {
        byte[] whole = bytes(bundle());

        BundleVerification verification = BundleVerifier.trustingBundleKey().verify(Arrays.copyOf(whole, whole.length / 2));

        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).isEqualTo("bundle");
            assertThat(problem.reason()).startsWith("is not well-formed JSON: Unexpected end-of-input");
        });
    }

    @Test
    void everyProperPrefixOfABundleIsInvalidAndNoneThrows() {
        byte[] whole = bytes(bundle());
        BundleVerifier verifier = BundleVerifier.trustingBundleKey();

        for (int length = 0; length < whole.length; length++) {
            // A pretty-printed document is complete only at its closing brace: every prefix fails.
            BundleVerification verification = verifier.verify(Arrays.copyOf(whole, length));
            assertThat(verification.valid()).as("prefix of %d bytes", length).isFalse();
        }
    }

    @Test
    void everySingleByteChangeInsideTheSignedPartsIsCaughtAndNoneThrows() {
        ObjectNode bundle = bundle();
        // Only the members the signature or the hashes cover; subject and generatedAt are labels.
        bundle.remove("subject");
        bundle.remove("generatedAt");
        bundle.remove("publicKey");
        byte[] whole = bundle.toString().getBytes(StandardCharsets.UTF_8);
        String keyMembers = ",\"publicKey\":" + bundle().get("publicKey") + ",\"subject\":{\"kind\":\"subsidy\","
                + "\"ref\":\"S\"},\"generatedAt\":\"x\"}";
        BundleVerifier verifier = BundleVerifier.trustingBundleKey();

        List<String> missed = new ArrayList<>();
        for (int i = 0; i < whole.length - 1; i++) {
            if (whole[i] == ' ') {
                continue;
            }
            byte[] changed = whole.clone();
            changed[i] = (byte) (changed[i] == 'a' ? 'b' : 'a');
            String text = new String(changed, 0, changed.length - 1, StandardCharsets.UTF_8) + keyMembers;
            if (verifier.verify(text.getBytes(StandardCharsets.UTF_8)).valid()) {
                missed.add("byte " + i + ": " + text.substring(Math.max(0, i - 20), Math.min(text.length(), i + 20)));
            }
        }
        assertThat(missed).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty          | ''                       | is not well-formed JSON: it is empty
            garbage        | 'hello'                  | is not well-formed JSON: Unrecognized token 'hello'
            array          | '[]'                     | must be a JSON object, is an array
            two documents  | '{} {}'                  | is not well-formed JSON: Trailing token
            repeated member| '{"format":1,"format":2}'| is not well-formed JSON: Duplicate field 'format'
            """)
    void aDocumentThatIsNoBundleObjectIsAClearProblem(String what, String json, String reason) {
        BundleVerification verification = BundleVerifier.trustingBundleKey().verify(json.getBytes(StandardCharsets.UTF_8));

        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).isEqualTo("bundle");
            assertThat(problem.reason()).startsWith(reason.strip());
        });
    }

    @Test
    void invalidUtf8IsAClearProblem() {
        byte[] text = "{\"format\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);

        BundleVerification verification = BundleVerifier.trustingBundleKey().verify(text);

        assertThat(verification.problems()).singleElement().satisfies(problem ->
                assertThat(problem.reason()).startsWith("is not well-formed JSON: Invalid UTF-8"));
    }

    @Test
    void valuesFromTheBundleAreQuotedWithoutControlCharacters() {
        ObjectNode bundle = bundle();
        event(bundle, 0).put("ledgerEventId", "x\u001b[2J\nINVALID forged line");

        BundleVerification verification = verify(bundle);

        assertThat(verification.problems()).isNotEmpty().allSatisfy(problem ->
                assertThat(problem.toString()).doesNotContain("\u001b", "\n")
                        .contains("x\\u001b[2J\\u000aINVALID forged line"));
    }

    @Test
    void theNeededAuditPathLengthMatchesTheProofsOfLedgerCore() {
        for (int size = 1; size <= 40; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(MerkleTree.leafHash(new byte[]{(byte) i}));
            }
            for (int index = 0; index < size; index++) {
                assertThat(EventEntries.auditPathLength(index, size)).as("leaf %d of %d", index, size)
                        .isEqualTo(MerkleTree.inclusionProof(leaves, index).size());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private static ObjectNode bundle() {
        return LEDGER.bundle(KEY, INCLUDED);
    }

    private static BundleVerification verify(JsonNode bundle) {
        return BundleVerifier.trustingBundleKey().verify(bytes(bundle));
    }

    private static ArrayNode events(ObjectNode bundle) {
        return (ArrayNode) bundle.get("events");
    }

    private static ObjectNode event(ObjectNode bundle, int index) {
        return (ObjectNode) events(bundle).get(index);
    }

    private static ObjectNode checkpoint(ObjectNode bundle) {
        return (ObjectNode) bundle.get("checkpoint");
    }

    private static ObjectNode publicKey(ObjectNode bundle) {
        return (ObjectNode) bundle.get("publicKey");
    }

    private static void replaceInCanonical(ObjectNode bundle, int index, String from, String to) {
        String canonical = event(bundle, index).get("canonical").textValue();
        assertThat(canonical).as("the test's premise").contains(from);
        event(bundle, index).put("canonical", canonical.replace(from, to));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String flipLastHexDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static String hex(byte[] hash) {
        return Hashes.hex(hash);
    }

    private static void assertProblem(BundleVerification verification, String where, String reason) {
        assertThat(verification.valid()).as("valid, although %s should say %s", where, reason).isFalse();
        assertThat(verification.problems()).as("problems").anySatisfy(problem -> {
            assertThat(problem.where()).startsWith(where);
            assertThat(problem.reason()).contains(reason);
        });
    }

    private static void assertOnlyAbout(BundleVerification verification, String where) {
        assertThat(verification.problems()).allSatisfy(problem -> assertThat(problem.where()).startsWith(where));
    }

    private static void assertSingleInclusionProblem(BundleVerification verification, String where, String reason) {
        assertThat(verification.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).startsWith(where);
            assertThat(problem.reason()).contains(reason);
        });
    }
}
