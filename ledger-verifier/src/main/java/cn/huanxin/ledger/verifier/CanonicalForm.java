package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.common.CanonicalJson;
import cn.huanxin.ledger.core.integrity.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a text is the canonical form, version 1, of an event ({@code docs/integrity.md},
 * section 1): one JSON object with exactly the eleven members of the right types, its times
 * rendered as {@link Instant#toString()}, and its bytes exactly the RFC 8785 rendering that
 * {@link CanonicalJson} gives. The leaf hash commits to whatever the bytes are; this check is
 * what makes sure the bytes mean one thing only.
 */
final class CanonicalForm {

    /** The eleven members, in the order JCS writes them. */
    static final List<String> MEMBERS = List.of("eventId", "ledgerEventId", "occurredAt", "payload", "position",
            "recordedAt", "revision", "sequence", "source", "streamId", "type");

    private static final Set<String> STRING_MEMBERS = Set.of("eventId", "ledgerEventId", "occurredAt",
            "recordedAt", "revision", "source", "streamId", "type");

    private CanonicalForm() {
        throw new AssertionError("utility class");
    }

    /**
     * Checks {@code canonical} and adds a problem under {@code where} for each way it is not the
     * canonical form of an event.
     *
     * @return the parsed object when it is a JSON object (canonical or not), else {@code null}
     */
    static JsonNode check(String canonical, String where, JsonMembers members) {
        int unpaired = unpairedSurrogate(canonical);
        if (unpaired >= 0) {
            members.problem(where, "canonical holds an unpaired surrogate at character " + unpaired
                    + "; it has no UTF-8 form and so no canonical form");
            return null;
        }
        JsonNode event;
        try {
            event = StrictJson.parse(canonical);
        } catch (StrictJson.NotJsonException e) {
            members.problem(where, "canonical is not well-formed JSON: " + e.getMessage());
            return null;
        }
        if (!event.isObject()) {
            members.problem(where, "canonical must be a JSON object, is " + JsonMembers.describe(event));
            return null;
        }
        checkMembers(event, where, members);
        checkBytes(event, canonical, where, members);
        return event;
    }

    private static void checkMembers(JsonNode event, String where, JsonMembers members) {
        Set<String> unexpected = new TreeSet<>();
        event.fieldNames().forEachRemaining(unexpected::add);
        MEMBERS.forEach(unexpected::remove);
        if (!unexpected.isEmpty()) {
            members.problem(where, "canonical has members that version 1 does not have: " + unexpected);
        }
        String canonicalWhere = where + ", canonical";
        for (String name : MEMBERS) {
            if (STRING_MEMBERS.contains(name)) {
                members.string(event, name, canonicalWhere);
            }
        }
        members.integer(event, "position", canonicalWhere, 1, CanonicalEvent.MAX_SAFE_INTEGER);
        members.integer(event, "sequence", canonicalWhere, 0, CanonicalEvent.MAX_SAFE_INTEGER);
        members.object(event, "payload", canonicalWhere);
        checkInstant(event, "occurredAt", canonicalWhere, members);
        checkInstant(event, "recordedAt", canonicalWhere, members);
    }

    /** A time must be exactly what {@link Instant#toString()} writes, so that it has one rendering. */
    private static void checkInstant(JsonNode event, String name, String where, JsonMembers members) {
        JsonNode value = event.get(name);
        if (value == null || !value.isTextual()) {
            return; // already reported
        }
        String text = value.textValue();
        try {
            String rendered = Instant.parse(text).toString();
            if (!rendered.equals(text)) {
                members.problem(where, "member " + name + " \"" + Texts.abbreviate(text)
                        + "\" is not in the canonical time form; it must be written \"" + rendered + "\"");
            }
        } catch (DateTimeParseException e) {
            members.problem(where, "member " + name + " \"" + Texts.abbreviate(text)
                    + "\" is not an instant, like 2024-07-01T00:00:00Z");
        }
    }

    private static void checkBytes(JsonNode event, String canonical, String where, JsonMembers members) {
        byte[] given = canonical.getBytes(StandardCharsets.UTF_8);
        byte[] expected;
        try {
            expected = CanonicalJson.canonicalize(event);
        } catch (IllegalArgumentException e) {
            members.problem(where, "canonical holds a value that has no canonical form: " + e.getMessage());
            return;
        }
        int difference = firstDifference(given, expected);
        if (difference >= 0) {
            members.problem(where, "canonical is not in canonical form (RFC 8785: members sorted, no white space, "
                    + "minimal escapes and numbers); it first differs at byte " + difference + ", where "
                    + excerpt(given, difference) + " should read " + excerpt(expected, difference));
        }
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : common;
    }

    /** Up to 24 bytes from {@code from}, shown as text (a cut character shows as U+FFFD). */
    private static String excerpt(byte[] bytes, int from) {
        if (from >= bytes.length) {
            return "(the end)";
        }
        int to = Math.min(bytes.length, from + 24);
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return "\"" + Texts.abbreviate(text) + (to < bytes.length ? "…" : "") + "\"";
    }

    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
