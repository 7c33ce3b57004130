package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Verifies an evidence bundle of the ledger ({@code docs/integrity.md}, "Evidence bundles and the
 * offline verifier") with nothing but the bundle itself: no server, no database, no Spring. It
 * checks the format, the checkpoint's Ed25519 signature, each event's canonical form, leaf hash and
 * audit path against the signed root, and the order of the events, and reports every problem it
 * finds rather than the first.
 *
 * <p>A verifier made with {@link #trustingBundleKey()} believes the key the bundle carries: it proves
 * that the events are in a tree whose root <em>that</em> key signed, and the caller still has to
 * compare the key id with the ledger's published key. One made with {@link #pinnedTo(PublicKey)}
 * accepts only checkpoints signed by the given key, one made with {@link #pinnedTo(Collection)} only
 * those signed by one of the given keys (every key of the ledger, after key rotations).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BundleVerifier {

    /** The format string of the bundles this verifier reads. */
    public static final String FORMAT = "huanxin-ledger/evidence-bundle/v1";

    /** The largest bundle read, so that a hostile file cannot exhaust the memory of the verifier. */
    public static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;

    private final List<PublicKey> trustedKeys;

    private BundleVerifier(List<PublicKey> trustedKeys) {
        this.trustedKeys = List.copyOf(trustedKeys);
    }

    /** A verifier that checks the checkpoint with the public key the bundle carries. */
    public static BundleVerifier trustingBundleKey() {
        return new BundleVerifier(List.of());
    }

    /**
     * A verifier that accepts only checkpoints signed by {@code trustedKey}; a bundle carrying
     * another key is invalid.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 key
     */
    public static BundleVerifier pinnedTo(PublicKey trustedKey) {
        return pinnedTo(List.of(Objects.requireNonNull(trustedKey, "trustedKey")));
    }

    /**
     * A verifier that accepts only checkpoints signed by one of {@code trustedKeys}: every key the
     * ledger has signed with, after a rotation ({@code GET /api/v1/ledger/public-keys}). A bundle
     * carrying any other key is invalid.
     *
     * @throws IllegalArgumentException if the set is empty or holds a key that is not Ed25519
     */
    public static BundleVerifier pinnedTo(Collection<PublicKey> trustedKeys) {
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key");
        }
        // refuses any other kind of key now rather than at verification
        trustedKeys.forEach(Ed25519Keys::keyId);
        return new BundleVerifier(List.copyOf(trustedKeys));
    }

    /**
     * Verifies the bundle in a file.
     *
     * @throws IOException if the file cannot be read; a file that can be read but is no valid
     *                     bundle is a {@link BundleVerification} with problems, not an exception
     */
    public BundleVerification verify(Path bundle) throws IOException {
        long size = Files.size(bundle);
        if (size > MAX_BUNDLE_BYTES) {
            return tooLarge(size);
        }
        return verify(Files.readAllBytes(bundle));
    }

    /** Verifies a bundle given as the bytes of its UTF-8 JSON document. */
    public BundleVerification verify(byte[] bundle) {
        Objects.requireNonNull(bundle, "bundle");
        if (bundle.length > MAX_BUNDLE_BYTES) {
            return tooLarge(bundle.length);
        }
        return new BundleCheck(trustedKeys).run(bundle);
    }

    private BundleVerification tooLarge(long size) {
        BundleSummary nothing = new BundleSummary(null, null, 0, null, null,
                trustedKeys.size() == 1 ? Ed25519Keys.keyId(trustedKeys.get(0)) : null, !trustedKeys.isEmpty());
        return new BundleVerification(nothing, List.of(new BundleProblem("bundle", "is " + size
                + " bytes, more than the " + MAX_BUNDLE_BYTES + " bytes this verifier reads")));
    }
}
