package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.config.SecretFiles;
import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import cn.huanxin.ledger.core.integrity.SigningKey;
import cn.huanxin.ledger.projections.seal.Seal;
import cn.huanxin.ledger.projections.seal.SealProjection;
import cn.huanxin.ledger.projections.seal.SealSettings;
import cn.huanxin.ledger.projections.seal.SealVerifier;
import cn.huanxin.ledger.projections.source.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;

/**
 * The seal: its signing key, the Merkle log, its processor and the verifier. The key comes from
 * {@code ledger.seal.key-file}; without one, and only where {@code ledger.seal.generate-if-missing}
 * allows it (the default profile), a new key is generated into {@code <data-dir>/seal-ed25519.pem}
 * on first start. Production refuses to start without a configured key file: every node that
 * signs must use the same key, and its public half is what auditors trust.
 */
@Configuration(proxyBeanMethods = false)
public class SealConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SealConfiguration.class);
    static final String GENERATED_KEY_FILE = "seal-ed25519.pem";

    @Bean
    public SigningKey sealSigningKey(SealProperties seal, LedgerProperties ledger) {
        return loadKey(seal, ledger.dataDir());
    }

    @Bean
    public Seal seal(JdbcTemplate jdbc, EventSource events, SigningKey sealSigningKey, SealProperties properties,
                     Clock clock) {
        return new Seal(jdbc, events, sealSigningKey, new SealSettings(properties.checkpointEveryEvents(),
                properties.checkpointInterval()), clock);
    }

    @Bean
    public SealProjection sealProjection(Seal seal) {
        return new SealProjection(seal);
    }

    /**
     * The keyring, with this node's signing key and the operator's earlier keys registered: after a
     * rotation (a new key file and a restart) the earlier keys stay, so earlier checkpoints verify.
     */
    @Bean
    public SealKeys sealKeys(JdbcTemplate jdbc, SigningKey sealSigningKey, SealProperties properties, Clock clock) {
        SealKeys keys = new SealKeys(jdbc, clock);
        for (Path file : properties.previousPublicKeys()) {
            try {
                keys.register(Ed25519Keys.readPublicKey(Files.readString(file, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger.seal.previous-public-keys " + file, e);
            }
        }
        keys.register(sealSigningKey.publicKey());
        return keys;
    }

    @Bean
    public SealVerifier sealVerifier(JdbcTemplate jdbc, EventSource events, SealKeys sealKeys) {
        return new SealVerifier(jdbc, events, keyId -> sealKeys.find(keyId));
    }

    static SigningKey loadKey(SealProperties properties, Path dataDir) {
        Path file = properties.keyFile();
        if (file == null) {
            if (!properties.generateIfMissing()) {
                throw new IllegalStateException("ledger.seal.key-file is not set. Create the checkpoint signing key with "
                        + "`openssl genpkey -algorithm ed25519 -out seal.pem && openssl pkey -in seal.pem -pubout >> seal.pem`, "
                        + "keep it secret and backed up, and publish its public half.");
            }
            file = dataDir.toAbsolutePath().normalize().resolve(GENERATED_KEY_FILE);
            generateIfAbsent(file);
        }
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            SigningKey key = SigningKey.of(Ed25519Keys.readPrivateKey(pem), Ed25519Keys.readPublicKey(pem));
            log.info("Checkpoints are signed with Ed25519 key {} from {}", key.keyId(), file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seal key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the seal key file " + file + " must hold an Ed25519 PRIVATE KEY block "
                    + "and its PUBLIC KEY block: " + e.getMessage(), e);
        }
    }

    private static void generateIfAbsent(Path file) {
        if (Files.exists(file)) {
            return;
        }
        KeyPair pair = Ed25519Keys.generate();
        if (SecretFiles.createOnce(file, Ed25519Keys.privateKeyPem(pair.getPrivate())
                + Ed25519Keys.publicKeyPem(pair.getPublic()))) {
            log.info("Generated a new checkpoint signing key in {}", file);
        }
    }
}
