package cn.huanxin.ledger.core.integrity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    /** RFC 8032 section 7.1, TEST 1: the public key of the all-but-known secret key. */
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private final SigningKey key;

    CheckpointTest() {
        KeyPair pair = Ed25519Keys.generate();
        key = SigningKey.of(pair.getPrivate(), pair.getPublic());
    }

    @Test
    void theStatementIsFiveLinesOfText() {
        String root = "f044232ab4b4f286b703d33f46cb495892b465eb484592f1845b623748f460dd";
        assertThat(new String(Checkpoint.statement(3, root, "2024-09-01T10:15:00+08:00", "0123456789abcdef"),
                StandardCharsets.UTF_8)).isEqualTo("huanxin-ledger/checkpoint/v1\n3\n" + root
                + "\n2024-09-01T10:15:00+08:00\n0123456789abcdef\n");
    }

    @Test
    void aSignedCheckpointVerifiesAndAnyChangeBreaksIt() {
        byte[] root = MerkleTree.leafHash(new byte[]{1});
        Checkpoint checkpoint = Checkpoint.sign(1, root, "2024-09-01T10:15:00+08:00", key);
        assertThat(checkpoint.verify(key.publicKey())).isTrue();
        assertThat(checkpoint.keyId()).hasSize(16).isEqualTo(Ed25519Keys.keyId(key.publicKey()));

        assertThat(new Checkpoint(2, checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.keyId(),
                checkpoint.signature()).verify(key.publicKey())).isFalse();
        assertThat(new Checkpoint(1, Hashes.hex(MerkleTree.leafHash(new byte[]{2})), checkpoint.signedAt(),
                checkpoint.keyId(), checkpoint.signature()).verify(key.publicKey())).isFalse();
        assertThat(new Checkpoint(1, checkpoint.rootHash(), "2024-09-01T10:15:01+08:00", checkpoint.keyId(),
                checkpoint.signature()).verify(key.publicKey())).isFalse();
        assertThat(new Checkpoint(1, checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.keyId(),
                "not base64!").verify(key.publicKey())).isFalse();
        PublicKey other = Ed25519Keys.generate().getPublic();
        assertThat(checkpoint.verify(other)).isFalse();
    }

    @Test
    void keysRoundTripThroughPem() {
        PublicKey read = Ed25519Keys.readPublicKey(Ed25519Keys.publicKeyPem(key.publicKey()));
        assertThat(read.getEncoded()).isEqualTo(key.publicKey().getEncoded());
        SigningKey again = SigningKey.of(Ed25519Keys.readPrivateKey(Ed25519Keys.privateKeyPem(key.privateKey())), read);
        assertThat(again.keyId()).isEqualTo(key.keyId());
        assertThatThrownBy(() -> Ed25519Keys.readPublicKey("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.of(key.privateKey(), Ed25519Keys.generate().getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signaturesMatchRfc8032TestVector1() throws Exception {
        // PKCS #8 and X.509 wrappers around the raw RFC 8032 keys (fixed DER prefixes for Ed25519).
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + RFC8032_SECRET);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + RFC8032_PUBLIC);
        String privatePem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        byte[] signature = Ed25519Keys.sign(Ed25519Keys.readPrivateKey(privatePem), new byte[0]);
        assertThat(HexFormat.of().formatHex(signature)).isEqualTo(RFC8032_SIGNATURE);
        assertThat(Ed25519Keys.verify(Ed25519Keys.readPublicKey(publicPem), new byte[0], signature)).isTrue();
    }
}
