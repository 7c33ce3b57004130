package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.PublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keyring of the seal: every Ed25519 public key that has signed (or is about to sign)
 * checkpoints of this ledger. A node registers its signing key when it starts, and keys named by
 * the operator as earlier keys ({@code ledger.seal.previous-public-keys}) are registered too; none
 * is ever removed. So after a key rotation — a new key file, a restart — every earlier checkpoint
 * still verifies with the key its {@code keyId} names, and auditors can pin the whole set.
 */
public final class SealKeys {

    /**
     * One key and the checkpoints it signed.
     *
     * @param keyId         the first 16 hex digits of SHA-256 of the key's DER form
     * @param pem           the public key, PEM
     * @param firstTreeSize the smallest tree size it signed, null when it has signed none yet
     * @param lastTreeSize  the largest tree size it signed, null when it has signed none yet
     */
    public record Key(String keyId, String pem, Long firstTreeSize, Long lastTreeSize) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SealKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Adds a key to the keyring unless it is there already (another node may add it at once). */
    public void register(PublicKey key) {
        String keyId = Ed25519Keys.keyId(key);
        if (find(keyId).isPresent()) {
            return;
        }
        try {
            jdbc.update("INSERT INTO seal_key (key_id, public_key_pem, registered_at) VALUES (?,?,?)", keyId,
                    Ed25519Keys.publicKeyPem(key), clock.instant().toString());
        } catch (DuplicateKeyException e) {
            // another node registered the same key first
        }
    }

    public Optional<PublicKey> find(String keyId) {
        return jdbc.queryForList("SELECT public_key_pem FROM seal_key WHERE key_id = ?", String.class, keyId)
                .stream().findFirst().map(Ed25519Keys::readPublicKey);
    }

    /** Every key by id, read afresh: a verification sees keys registered by other nodes too. */
    public Map<String, PublicKey> byId() {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        jdbc.query("SELECT key_id, public_key_pem FROM seal_key", rs -> {
            keys.put(rs.getString(1), Ed25519Keys.readPublicKey(rs.getString(2)));
        });
        return keys;
    }

    /** Every key with the tree sizes it signed, oldest first (by first signed tree size, then registration). */
    public List<Key> all() {
        return jdbc.query("SELECT k.key_id, k.public_key_pem, MIN(c.tree_size) AS first_size, "
                        + "MAX(c.tree_size) AS last_size, k.registered_at FROM seal_key k "
                        + "LEFT JOIN seal_checkpoint c ON c.key_id = k.key_id "
                        + "GROUP BY k.key_id, k.public_key_pem, k.registered_at "
                        + "ORDER BY CASE WHEN MIN(c.tree_size) IS NULL THEN 1 ELSE 0 END, MIN(c.tree_size), "
                        + "k.registered_at, k.key_id",
                (rs, row) -> new Key(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                        (Long) rs.getObject(4, Long.class)));
    }
}
