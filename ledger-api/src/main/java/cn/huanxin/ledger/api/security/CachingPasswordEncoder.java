package cn.huanxin.ledger.api.security;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently verified (hash, password) pairs, keyed by a SHA-256 of both, so that a source
 * system posting many requests pays bcrypt's deliberate cost (~70 ms a check on this hardware) once,
 * not on every request. Only successful matches are remembered, the map is bounded, and it holds
 * digests, never passwords.
 */
final class CachingPasswordEncoder implements PasswordEncoder {

    private static final int MAX_ENTRIES = 1_024;

    private final PasswordEncoder delegate;
    private final Map<String, Boolean> verified = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_ENTRIES;
                }
            });

    CachingPasswordEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        String key = digest(encodedPassword, rawPassword);
        if (verified.containsKey(key)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            verified.put(key, Boolean.TRUE);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;
    }

    private static String digest(String encodedPassword, CharSequence rawPassword) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
