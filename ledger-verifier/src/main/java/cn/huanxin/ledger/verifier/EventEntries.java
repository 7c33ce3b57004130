package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.CanonicalEvent;
import cn.huanxin.ledger.core.integrity.Hashes;
import cn.huanxin.ledger.core.integrity.MerkleTree;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code events} of a bundle: each entry on its own (canonical form, leaf hash,
 * inclusion in the checkpoint's tree) and the entries together (no repeats, ascending order).
 */
final class EventEntries {

    /**
     * The longest audit path the verifier reads: a tree of at most 2^63 leaves has paths of at most
     * 63 hashes, so anything longer is refused before any hashing.
     */
    static final int MAX_AUDIT_PATH_LENGTH = 64;

    /** What the cross-entry checks need to know of one entry; members that could not be read are null. */
    private record Entry(String label, Long position, String ledgerEventId, Long leafIndex) {
    }

    private final JsonMembers members;
    private final Long treeSize;
    private final byte[] rootHash;

    /**
     * @param treeSize the checkpoint's tree size, or {@code null} when it could not be read
     * @param rootHash the checkpoint's root hash, or {@code null} when it could not be read
     */
    EventEntries(JsonMembers members, Long treeSize, byte[] rootHash) {
        this.members = members;
        this.treeSize = treeSize;
        this.rootHash = rootHash;
    }

    void check(JsonNode events) {
        if (!events.isEmpty() && (treeSize == null || rootHash == null)) {
            members.problem("events", "no inclusion proof could be checked, because the checkpoint gives no usable "
                    + "treeSize and rootHash");
        }
        List<Entry> entries = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            entries.add(checkEntry(i, events.get(i)));
        }
        checkRepeats(entries);
        checkOrder(entries);
    }

    private Entry checkEntry(int index, JsonNode node) {
        String where = label(index, node);
        if (!node.isObject()) {
            members.problem(where, "must be an object, is " + JsonMembers.describe(node));
            return new Entry(where, null, null, null);
        }
        String ledgerEventId = members.string(node, "ledgerEventId", where);
        Long position = members.integer(node, "position", where, 1, CanonicalEvent.MAX_SAFE_INTEGER);
        Long leafIndex = members.integer(node, "leafIndex", where, 0, Long.MAX_VALUE - 1);
        String canonical = members.string(node, "canonical", where);
        byte[] leafHash = members.hash(node, "leafHash", where);
        List<byte[]> auditPath = auditPath(node, where);

        if (canonical != null) {
            JsonNode event = CanonicalForm.check(canonical, where, members);
            if (event != null) {
                checkIdentity(event, position, ledgerEventId, where);
            }
            byte[] computed = MerkleTree.leafHash(canonical.getBytes(StandardCharsets.UTF_8));
            if (leafHash != null && !MessageDigest.isEqual(leafHash, computed)) {
                members.problem(where, "leafHash " + hex(leafHash) + " is not the leaf hash of canonical, "
                        + "which is " + hex(computed));
            }
            if (leafIndex != null && auditPath != null) {
                checkInclusion(computed, leafIndex, auditPath, where);
            }
        }
        if (position != null && leafIndex != null && leafIndex > position - 1) {
            members.problem(where, "leafIndex " + leafIndex + " cannot hold position " + position + ": leaves are "
                    + "appended in ascending position from position 1, so at most " + (position - 1)
                    + " leaves come before it");
        }
        return new Entry(where, position, ledgerEventId, leafIndex);
    }

    /** The entry's position and ledgerEventId are only labels; the canonical form is what is hashed. */
    private void checkIdentity(JsonNode event, Long position, String ledgerEventId, String where) {
        JsonNode canonicalPosition = event.get("position");
        if (position != null && canonicalPosition != null && canonicalPosition.isIntegralNumber()
                && !(canonicalPosition.canConvertToLong() && canonicalPosition.longValue() == position)) {
            members.problem(where, "position " + position + " differs from the canonical form's position "
                    + canonicalPosition);
        }
        JsonNode canonicalId = event.get("ledgerEventId");
        if (ledgerEventId != null && canonicalId != null && canonicalId.isTextual()
                && !canonicalId.textValue().equals(ledgerEventId)) {
            members.problem(where, "ledgerEventId " + Texts.abbreviate(ledgerEventId)
                    + " differs from the canonical form's ledgerEventId " + Texts.abbreviate(canonicalId.textValue()));
        }
    }

    private void checkInclusion(byte[] leafHash, long leafIndex, List<byte[]> auditPath, String where) {
        if (treeSize == null || rootHash == null) {
            return; // reported once for all events
        }
        if (leafIndex >= treeSize) {
            members.problem(where, "leafIndex " + leafIndex + " is outside the checkpoint's tree of " + treeSize
                    + " leaves");
            return;
        }
        if (!MerkleTree.verifyInclusion(leafHash, leafIndex, treeSize, auditPath, rootHash)) {
            int needed = auditPathLength(leafIndex, treeSize);
            String length = auditPath.size() == needed ? ""
                    : "; leaf " + leafIndex + " of " + treeSize + " needs exactly " + needed + " hashes";
            members.problem(where, "auditPath of " + auditPath.size() + " hashes does not lead from the leaf hash "
                    + "of canonical at leafIndex " + leafIndex + " to the checkpoint's rootHash of " + treeSize
                    + " leaves" + length);
        }
    }

    /** The audit path, or {@code null} (with problems) when it is missing or any element is unusable. */
    private List<byte[]> auditPath(JsonNode node, String where) {
        JsonNode array = members.array(node, "auditPath", where);
        if (array == null) {
            return null;
        }
        if (array.size() > MAX_AUDIT_PATH_LENGTH) {
            members.problem(where, "auditPath has " + array.size() + " hashes; no tree needs more than 63");
            return null;
        }
        List<byte[]> path = new ArrayList<>(array.size());
        boolean usable = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            byte[] hash = null;
            if (!element.isTextual()) {
                members.problem(where, "auditPath[" + i + "] must be a string, is " + JsonMembers.describe(element));
            } else {
                hash = members.hashOrProblem(element.textValue(), "auditPath[" + i + "]", where);
            }
            usable &= hash != null;
            path.add(hash);
        }
        return usable ? path : null;
    }

    private void checkRepeats(List<Entry> entries) {
        Map<String, Integer> ids = new HashMap<>();
        Map<Long, Integer> positions = new HashMap<>();
        Map<Long, Integer> leafIndices = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            repeat(ids, entry.ledgerEventId(), i, entry, "ledgerEventId");
            repeat(positions, entry.position(), i, entry, "position");
            repeat(leafIndices, entry.leafIndex(), i, entry, "leafIndex");
        }
    }

    private <K> void repeat(Map<K, Integer> seen, K key, int index, Entry entry, String member) {
        if (key == null) {
            return;
        }
        Integer first = seen.putIfAbsent(key, index);
        if (first != null) {
            members.problem(entry.label(), member + " " + key + " repeats that of events[" + first + "]");
        }
    }

    /**
     * Events come in ascending position, and since the ledger appends leaves in position order,
     * their leaf indices ascend with them. Equal neighbours are repeats, reported above.
     */
    private void checkOrder(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            Entry previous = entries.get(i - 1);
            Entry entry = entries.get(i);
            if (previous.position() != null && entry.position() != null && entry.position() < previous.position()) {
                members.problem(entry.label(), "position " + entry.position() + " comes after position "
                        + previous.position() + " of events[" + (i - 1) + "]; events must be in ascending position");
            }
            if (previous.leafIndex() != null && entry.leafIndex() != null
                    && entry.leafIndex() < previous.leafIndex()) {
                members.problem(entry.label(), "leafIndex " + entry.leafIndex() + " comes after leafIndex "
                        + previous.leafIndex() + " of events[" + (i - 1) + "]; leaves are appended in position "
                        + "order, so leaf indices must ascend with the positions");
            }
        }
    }

    /** The number of hashes in the audit path of leaf {@code index} in a tree of {@code size} leaves. */
    static int auditPathLength(long index, long size) {
        int length = 0;
        while (size > 1) {
            long k = Long.highestOneBit(size - 1);
            if (index < k) {
                size = k;
            } else {
                index -= k;
                size -= k;
            }
            length++;
        }
        return length;
    }

    /** {@code events[3] (ledgerEventId …, position 17)}, with what the entry gives of the two. */
    private static String label(int index, JsonNode node) {
        StringBuilder label = new StringBuilder("events[").append(index).append(']');
        List<String> parts = new ArrayList<>(2);
        JsonNode id = node.get("ledgerEventId");
        if (id != null && id.isTextual()) {
            parts.add("ledgerEventId " + Texts.abbreviate(id.textValue()));
        }
        JsonNode position = node.get("position");
        if (position != null && position.isNumber()) {
            parts.add("position " + position);
        }
        if (!parts.isEmpty()) {
            label.append(" (").append(String.join(", ", parts)).append(')');
        }
        return label.toString();
    }

    private static String hex(byte[] hash) {
        return Hashes.hex(hash);
    }
}
