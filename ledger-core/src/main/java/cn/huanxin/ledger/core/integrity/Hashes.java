package cn.huanxin.ledger.core.integrity;

import java.util.HexFormat;

/** Hex forms of hashes as the ledger publishes them: lower-case, 64 digits for SHA-256. */
public final class Hashes {

    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {
        throw new AssertionError("utility class");
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /**
     * The bytes of a lower-case hex hash; an empty array when the text is not exactly 64 lower-case
     * hex digits (callers that verify treat that as a mismatch, not as an error).
     */
    public static byte[] fromHex(String hex) {
        if (hex == null || hex.length() != 2 * MerkleTree.HASH_LENGTH || !hex.chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return new byte[0];
        }
        return HEX.parseHex(hex);
    }
}
