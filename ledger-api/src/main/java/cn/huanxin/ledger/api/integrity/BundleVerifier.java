package cn.huanxin.ledger.api.integrity;

import cn.huanxin.ledger.core.integrity.Ed25519Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
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
 * accepts only checkpoints signed by the given key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BundleVerifier {

    /** The format string of the bundles this verifier reads. */
    public static final String FORMAT = "huanxin-ledger/evidence-bundle/v1";

    /** The largest bundle read, so that a hostile file cannot exhaust the memory of the verifier. */
    public static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;

    private final PublicKey trustedKey;

    private BundleVerifier(PublicKey trustedKey) {
        this.trustedKey = trustedKey;
    }

    /** A verifier that checks the checkpoint with the public key the bundle carries. */
    public static BundleVerifier trustingBundleKey() {
        return new BundleVerifier(null);
    }

    /**
     * A verifier that accepts only checkpoints signed by {@code trustedKey}; a bundle carrying
     * another key is invalid.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 key
     */
    public static BundleVerifier pinnedTo(PublicKey trustedKey) {
        Objects.requireNonNull(trustedKey, "trustedKey");
        Ed25519Keys.keyId(trustedKey); // refuses any other kind of key now rather than at verification
        return new BundleVerifier(trustedKey);
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
        return new BundleCheck(trustedKey).run(bundle);
    }

    private BundleVerification tooLarge(long size) {
        BundleSummary nothing = new BundleSummary(null, null, 0, null, null,
                trustedKey == null ? null : Ed25519Keys.keyId(trustedKey), trustedKey != null);
        return new BundleVerification(nothing, List.of(new BundleProblem("bundle", "is " + size
                + " bytes, more than the " + MAX_BUNDLE_BYTES + " bytes this verifier reads")));
    }
}
