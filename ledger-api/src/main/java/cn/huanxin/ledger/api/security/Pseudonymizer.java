package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.ResidentIdNumber;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces personal values by keyed pseudonyms at the edge, before any command is built: the lower
 * case hex of HMAC-SHA-256(key, normalised value). The same person always gets the same ref, so
 * claims still match; without the key a ref cannot be turned back into an ID number by trying all
 * of them, which a plain hash of an 18-digit number would allow.
 */
public final class Pseudonymizer {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Pseudonymizer(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the pseudonym key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A valid resident ID number; a lower-case check character x is the same person as X. */
    public Pseudonym idNumber(String validIdNumber) {
        return ref(ResidentIdNumber.normalise(validIdNumber));
    }

    public Pseudonym payeeAccount(String account) {
        return ref(normaliseText(account));
    }

    public Pseudonym deliveryAddress(String address) {
        return ref(normaliseText(address));
    }

    /**
     * Trims, maps full-width forms to half-width (so {@code Ａ１} equals {@code A1}) and removes white
     * space, so that one address or account typed two ways gets one ref.
     */
    public static String normaliseText(String value) {
        StringBuilder normalised = new StringBuilder(value.length());
        value.strip().codePoints().forEach(c -> {
            int halfWidth = c == 0x3000 ? ' ' : (c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c);
            if (!Character.isWhitespace(halfWidth) && !Character.isSpaceChar(halfWidth)) {
                normalised.appendCodePoint(halfWidth);
            }
        });
        return normalised.toString();
    }

    private Pseudonym ref(String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return new Pseudonym(HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}
