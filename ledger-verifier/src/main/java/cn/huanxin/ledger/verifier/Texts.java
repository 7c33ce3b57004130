package cn.huanxin.ledger.verifier;

/**
 * Quoting of values taken from a bundle into problem messages. A bundle may be hostile: values are
 * cut short, so that one member cannot flood the report, and control characters are escaped, so
 * that a value cannot forge report lines or send terminal escape sequences.
 */
final class Texts {

    static final int MAX_QUOTED_CHARS = 80;

    private Texts() {
        throw new AssertionError("utility class");
    }

    static String abbreviate(String text) {
        boolean cut = text.length() > MAX_QUOTED_CHARS;
        String shown = cut ? text.substring(0, MAX_QUOTED_CHARS) : text;
        StringBuilder out = new StringBuilder(shown.length() + 8);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return cut ? out.append('…').toString() : out.toString();
    }
}
