package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Checkpoint;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import com.fasterxml.jackson.databind.JsonNode;

import java.security.PublicKey;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One verification of one bundle: walks the document once, collecting every problem, and builds
 * the summary. Used once and thrown away; not thread-safe.
 */
final class BundleCheck {

    private static final int SIGNATURE_BYTES = 64;

    /** The pinned keys; empty when the bundle's own key is believed. */
    private final List<PublicKey> trustedKeys;
    /** The pinned key that the bundle carries, once found. */
    private PublicKey trustedKey;
    private final List<BundleProblem> problems = new ArrayList<>();
    private final JsonMembers members = new JsonMembers(problems);

    private String subjectKind;
    private String subjectRef;
    private int eventCount;
    private Long treeSize;
    private String signedAt;
    private String keyId;

    BundleCheck(List<PublicKey> trustedKeys) {
        this.trustedKeys = List.copyOf(trustedKeys);
        this.keyId = trustedKeys.size() == 1 ? Ed25519Keys.keyId(trustedKeys.get(0)) : null;
    }

    BundleVerification run(byte[] json) {
        JsonNode bundle;
        try {
            bundle = StrictJson.parse(json);
        } catch (StrictJson.NotJsonException e) {
            members.problem("bundle", "is not well-formed JSON: " + e.getMessage());
            return result();
        }
        if (!bundle.isObject()) {
            members.problem("bundle", "must be a JSON object, is " + JsonMembers.describe(bundle));
            return result();
        }
        String format = members.string(bundle, "format", "bundle");
        if (format != null && !BundleVerifier.FORMAT.equals(format)) {
            // Another format may mean anything; checking it as version 1 would only mislead.
            members.problem("bundle", "format \"" + Texts.abbreviate(format) + "\" is not known; this verifier "
                    + "reads only " + BundleVerifier.FORMAT);
            return result();
        }
        readSubject(bundle);
        members.string(bundle, "generatedAt", "bundle");
        PublicKey bundleKey = readPublicKey(bundle);
        byte[] rootHash = readCheckpoint(bundle, bundleKey);
        JsonNode events = members.array(bundle, "events", "bundle");
        if (events != null) {
            eventCount = events.size();
            new EventEntries(members, treeSize, rootHash).check(events);
        }
        return result();
    }

    private void readSubject(JsonNode bundle) {
        JsonNode subject = members.object(bundle, "subject", "bundle");
        if (subject != null) {
            subjectKind = members.string(subject, "kind", "subject");
            subjectRef = members.string(subject, "ref", "subject");
        }
    }

    /** The bundle's key, or {@code null} when it cannot be read; compares it with the trusted key. */
    private PublicKey readPublicKey(JsonNode bundle) {
        JsonNode node = members.object(bundle, "publicKey", "bundle");
        if (node == null) {
            return null;
        }
        String algorithm = members.string(node, "algorithm", "publicKey");
        if (algorithm != null && !Ed25519Keys.ALGORITHM.equals(algorithm)) {
            members.problem("publicKey", "algorithm must be " + Ed25519Keys.ALGORITHM + ", is \""
                    + Texts.abbreviate(algorithm) + "\"");
        }
        String claimedKeyId = members.string(node, "keyId", "publicKey");
        String pem = members.string(node, "pem", "publicKey");
        if (pem == null) {
            return null;
        }
        PublicKey key;
        try {
            key = Ed25519Keys.readPublicKey(pem);
        } catch (IllegalArgumentException e) {
            members.problem("publicKey", "pem is not an Ed25519 public key in PEM form: " + e.getMessage());
            return null;
        }
        String computedKeyId = Ed25519Keys.keyId(key);
        if (trustedKeys.isEmpty()) {
            keyId = computedKeyId;
        }
        if (claimedKeyId != null && !claimedKeyId.equals(computedKeyId)) {
            members.problem("publicKey", "keyId \"" + Texts.abbreviate(claimedKeyId) + "\" does not name the key, "
                    + "whose key id (the first 16 hex digits of SHA-256 of its DER form) is " + computedKeyId);
        }
        if (!trustedKeys.isEmpty()) {
            trustedKey = trustedKeys.stream().filter(k -> Arrays.equals(k.getEncoded(), key.getEncoded()))
                    .findFirst().orElse(null);
            if (trustedKey == null) {
                members.problem("publicKey", trustedKeys.size() == 1
                        ? "is not the trusted key: its key id is " + computedKeyId + ", the trusted key's is " + keyId
                        : "is none of the " + trustedKeys.size() + " trusted keys: its key id is " + computedKeyId
                        + ", theirs are " + trustedKeys.stream().map(Ed25519Keys::keyId).toList());
            } else {
                keyId = computedKeyId;
            }
        }
        return key;
    }

    /**
     * Reads the checkpoint and checks its signature with the trusted key, or else the bundle's key.
     *
     * @return the root hash, or {@code null} when it cannot be read
     */
    private byte[] readCheckpoint(JsonNode bundle, PublicKey bundleKey) {
        JsonNode node = members.object(bundle, "checkpoint", "bundle");
        if (node == null) {
            return null;
        }
        treeSize = members.integer(node, "treeSize", "checkpoint", 0, Long.MAX_VALUE);
        byte[] rootHash = members.hash(node, "rootHash", "checkpoint");
        signedAt = readSignedAt(node);
        String claimedKeyId = members.string(node, "keyId", "checkpoint");
        String signature = readSignature(node);

        // With pinned keys, only a pinned key may check the signature, never the bundle's own: the
        // pinned key the bundle carries, else the pinned key the checkpoint names (or the only one).
        PublicKey key = bundleKey;
        if (!trustedKeys.isEmpty()) {
            key = trustedKey != null ? trustedKey : trustedKeys.stream()
                    .filter(k -> Ed25519Keys.keyId(k).equals(claimedKeyId)).findFirst()
                    .orElse(trustedKeys.size() == 1 ? trustedKeys.get(0) : null);
            if (key == null && claimedKeyId != null) {
                members.problem("checkpoint", "keyId \"" + Texts.abbreviate(claimedKeyId) + "\" names none of the "
                        + trustedKeys.size() + " trusted keys, so the checkpoint is not signed by any of them");
                return rootHash;
            }
        }
        if (key == null || claimedKeyId == null) {
            return rootHash; // why the signature cannot be checked is reported already
        }
        String expectedKeyId = Ed25519Keys.keyId(key);
        if (!expectedKeyId.equals(claimedKeyId)) {
            members.problem("checkpoint", "keyId \"" + Texts.abbreviate(claimedKeyId) + "\" does not name the "
                    + (!trustedKeys.isEmpty() ? "trusted key" : "bundle's public key") + ", whose key id is "
                    + expectedKeyId + ", so the checkpoint is not signed by it");
            return rootHash;
        }
        if (treeSize != null && rootHash != null && signedAt != null && signature != null) {
            Checkpoint checkpoint = new Checkpoint(treeSize, node.get("rootHash").textValue(), signedAt,
                    claimedKeyId, signature);
            if (!checkpoint.verify(key)) {
                members.problem("checkpoint", "signature does not verify under key " + expectedKeyId + ": treeSize, "
                        + "rootHash, signedAt or keyId differ from what was signed, or the signature was changed");
            }
        }
        return rootHash;
    }

    /** signedAt is signed exactly as written; it must still be one statement line and a time. */
    private String readSignedAt(JsonNode node) {
        String text = members.string(node, "signedAt", "checkpoint");
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime.parse(text);
            return text;
        } catch (DateTimeParseException e) {
            members.problem("checkpoint", "signedAt \"" + Texts.abbreviate(text) + "\" is not an ISO-8601 date and "
                    + "time with offset, like 2024-09-01T10:15:00+08:00");
            return null;
        }
    }

    private String readSignature(JsonNode node) {
        String text = members.string(node, "signature", "checkpoint");
        if (text == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        // Java's decoder ignores the unused low bits of the last character, so several texts decode
        // to the same signature; only the one standard encoding is accepted, as for every other member.
        if (bytes == null || bytes.length != SIGNATURE_BYTES
                || !Base64.getEncoder().encodeToString(bytes).equals(text)) {
            members.problem("checkpoint", "signature must be standard base64 of " + SIGNATURE_BYTES + " bytes, is \""
                    + Texts.abbreviate(text) + "\"");
            return null;
        }
        return text;
    }

    private BundleVerification result() {
        return new BundleVerification(new BundleSummary(subjectKind, subjectRef, eventCount, treeSize, signedAt,
                keyId, !trustedKeys.isEmpty()), problems);
    }
}
