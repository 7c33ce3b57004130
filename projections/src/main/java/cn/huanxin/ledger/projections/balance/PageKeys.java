package cn.huanxin.ledger.projections.balance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque page keys of the balance queries. A key is the sort key of the last row of a page,
 * tagged with the query it belongs to and encoded so that callers treat it as a token, not as data
 * to build. A key that does not decode is the caller's error, never an empty page.
 */
final class PageKeys {

    private static final String BALANCES = "b1";
    private static final String POSTINGS = "p1";
    private static final char SEPARATOR = '\n';

    private PageKeys() {
    }

    static String balances(String fundId, String regionCode) {
        return encode(BALANCES + SEPARATOR + fundId + SEPARATOR + regionCode);
    }

    /** {fundId, regionCode} of a balances key. */
    static String[] balances(String key) {
        String[] parts = decode(key, BALANCES);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw invalid();
        }
        return new String[]{parts[1], parts[2]};
    }

    static String postings(long position, int lineNo) {
        return encode(POSTINGS + SEPARATOR + position + SEPARATOR + lineNo);
    }

    /** {position, lineNo} of a postings key. */
    static long[] postings(String key) {
        String[] parts = decode(key, POSTINGS);
        if (parts.length != 3) {
            throw invalid();
        }
        try {
            return new long[]{Long.parseLong(parts[1]), Integer.parseInt(parts[2])};
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String key, String tag) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split(String.valueOf(SEPARATOR), -1);
        if (!parts[0].equals(tag)) {
            throw invalid();
        }
        return parts;
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("afterKey is not a key this query returned");
    }
}
