package cn.huanxin.ledger.projections.source;

import cn.huanxin.ledger.core.integrity.PlainBytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shape in which the ledger stores every event's metadata — one JSON object whose values are
 * plain ASCII strings, without escapes — read without a JSON parser: re-verifying a store reads
 * the metadata of every event, and Jackson's parser was a fifth of the hashing threads' time there.
 *
 * <p>It answers only for that shape and leaves everything else ({@code null}) to the parser, which
 * decides exactly as before: a value that is not a string, nesting, an escape, a byte outside ASCII,
 * a repeated wanted key, anything malformed. For what it answers, the parser gives the same map
 * ({@code FlatMetadataProperties} compares them); like the parser's loop, it reads nothing after the
 * object's closing brace.
 *
 * <p>It reads either some wanted keys (verification: the four of the canonical form) or every member
 * ({@link #members}: the metadata of every event a view reads, which Jackson's parser made into a
 * map for 16 % of a supervision rebuild's CPU).
 *
 * <p>And it writes that shape ({@link #write}): metadata whose keys and values are all plain ASCII
 * strings, as the bytes Jackson's generator writes for the same map, member by member in the map's
 * order, without a generator (recording an event wrote its metadata with Jackson's map serializer for
 * some 3 % of an ingest's request threads).
 */
public final class FlatMetadata {

    /** Every member. */
    private static final FlatMetadata EVERY_MEMBER = new FlatMetadata();

    /** The wanted keys, and their bytes: names are compared as bytes, without making a string; null for every key. */
    private final String[] names;
    private final byte[][] nameBytes;

    private FlatMetadata() {
        this.names = null;
        this.nameBytes = null;
    }

    /**
     * Every member of metadata of the plain shape, as Jackson's parser would read it into a map, or
     * {@code null} when the text is not of that shape (the parser then decides, exactly as before).
     */
    public static Map<String, String> members(byte[] json) {
        return EVERY_MEMBER.scan(json);
    }

    /** A reader of the given keys, each of them ASCII. */
    public FlatMetadata(Set<String> wanted) {
        this.names = wanted.toArray(new String[0]);
        this.nameBytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            nameBytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            if (!names[i].equals(new String(nameBytes[i], StandardCharsets.US_ASCII))) {
                throw new IllegalArgumentException("not an ASCII key: " + names[i]);
            }
        }
    }

    /**
     * The wanted keys' values, or {@code null} when the text is not of the plain shape (a repeated
     * wanted key included; a repeated other key does not change what the parser reads for the wanted).
     */
    public Map<String, String> scan(byte[] json) {
        Map<String, String> found = new HashMap<>(8);
        int n = json.length;
        int i = space(json, 0);
        if (i >= n || json[i] != '{') {
            return null;
        }
        i = space(json, i + 1);
        if (i < n && json[i] == '}') {
            return found;
        }
        while (true) {
            int nameEnd = stringEnd(json, i);
            if (nameEnd < 0) {
                return null;
            }
            i = space(json, nameEnd + 1);
            if (i >= n || json[i] != ':') {
                return null;
            }
            i = space(json, i + 1);
            int valueEnd = stringEnd(json, i);
            if (valueEnd < 0) {
                return null;
            }
            String name;
            if (names == null) {
                name = ascii(json, nameEnd);
            } else {
                int wanted = wanted(json, nameStart(json, nameEnd), nameEnd);
                name = wanted < 0 ? null : names[wanted];
            }
            if (name != null && found.put(name, ascii(json, valueEnd)) != null) {
                return null;
            }
            i = space(json, valueEnd + 1);
            if (i >= n) {
                return null;
            }
            if (json[i] == '}') {
                return found;
            }
            if (json[i] != ',') {
                return null;
            }
            i = space(json, i + 1);
        }
    }

    /**
     * The index of the closing quote of the plain string that opens at {@code at}, or -1: no string
     * there, or one holding an escape, a control character or a byte outside ASCII.
     */
    private static int stringEnd(byte[] json, int at) {
        if (at >= json.length || json[at] != '"') {
            return -1;
        }
        int end = PlainBytes.plainUntil(json, at + 1, json.length);
        return end < json.length && json[end] == '"' ? end : -1;
    }

    /** Which wanted key the name between {@code from} and {@code to} is, or -1. */
    private int wanted(byte[] json, int from, int to) {
        for (int i = 0; i < nameBytes.length; i++) {
            if (Arrays.equals(json, from, to, nameBytes[i], 0, nameBytes[i].length)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first character of the plain string that ends at {@code end}. */
    private static int nameStart(byte[] json, int end) {
        int start = end - 1;
        while (json[start] != '"') {
            start--;
        }
        return start + 1;
    }

    /** The text of the plain string that ends at {@code end}. */
    private static String ascii(byte[] json, int end) {
        int start = nameStart(json, end);
        return new String(json, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static int space(byte[] json, int at) {
        int i = at;
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    /**
     * The JSON object Jackson writes for {@code members} — its entries in the map's order, no white
     * space — when every key and value is a string of plain ASCII (no quote, backslash or control
     * character, nothing above 0x7f, which Jackson writes as they are); {@code null} for anything else,
     * which the caller then hands to Jackson.
     */
    public static byte[] write(Map<String, ?> members) {
        int length = 2;
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (!(member.getValue() instanceof String value) || !plain(member.getKey()) || !plain(value)) {
                return null;
            }
            length += member.getKey().length() + value.length() + 6;
        }
        byte[] json = new byte[members.isEmpty() ? 2 : length - 1];
        int at = 0;
        json[at++] = '{';
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (at > 1) {
                json[at++] = ',';
            }
            at = quoted(json, at, member.getKey());
            json[at++] = ':';
            at = quoted(json, at, (String) member.getValue());
        }
        json[at] = '}';
        return json;
    }

    /** Whether every character of {@code text} is one that JSON and Jackson write as it is, in one byte. */
    private static boolean plain(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code text}, of plain characters, between quotes at {@code json[at]}; the index after it. */
    private static int quoted(byte[] json, int at, String text) {
        json[at++] = '"';
        for (int i = 0; i < text.length(); i++) {
            json[at++] = (byte) text.charAt(i);
        }
        json[at++] = '"';
        return at;
    }
}
