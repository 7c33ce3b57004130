package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.config.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where the pseudonym key comes from: {@code ledger.pseudonym.key} when set; otherwise, only where
 * {@code ledger.pseudonym.generate-if-missing} allows it (the default profile), a random key kept in
 * {@code <data-dir>/pseudonym.key}. Production refuses to start without a configured key, because a
 * key made up on the spot would silently stop new claims from matching old ones.
 */
@Configuration(proxyBeanMethods = false)
public class PseudonymKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PseudonymKeyConfiguration.class);
    static final String KEY_FILE = "pseudonym.key";

    @Bean
    public Pseudonymizer pseudonymizer(LedgerProperties properties) {
        return new Pseudonymizer(loadKey(properties));
    }

    static byte[] loadKey(LedgerProperties properties) {
        String configured = properties.pseudonym().key();
        if (configured != null && !configured.isBlank()) {
            return parse(configured.strip(), "ledger.pseudonym.key");
        }
        if (!properties.pseudonym().generateIfMissing()) {
            throw new IllegalStateException("ledger.pseudonym.key is not set. Configure a secret key of at least "
                    + "32 bytes as hex (64 hex characters) — e.g. from `openssl rand -hex 32` — and keep it: "
                    + "refs made with another key will not match.");
        }
        Path file = properties.dataDir().toAbsolutePath().normalize().resolve(KEY_FILE);
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        if (SecretFiles.createOnce(file, HexFormat.of().formatHex(generated) + "\n")) {
            log.info("Generated a new pseudonym key in {}", file);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pseudonym key " + file, e);
        }
    }

    private static byte[] parse(String hex, String where) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not a hex string");
        }
        if (key.length < 32) {
            throw new IllegalStateException(where + " must hold at least 32 bytes (64 hex characters)");
        }
        return key;
    }
}
