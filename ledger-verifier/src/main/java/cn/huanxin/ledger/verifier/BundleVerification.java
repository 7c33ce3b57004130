package cn.huanxin.ledger.verifier;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of verifying one evidence bundle: every problem found (none when it verifies) and
 * what the bundle says about itself.
 *
 * @param summary  the bundle's subject, size and checkpoint, as far as they could be read
 * @param problems every reason the bundle does not verify, in the order of the bundle
 */
public record BundleVerification(BundleSummary summary, List<BundleProblem> problems) {

    public BundleVerification {
        Objects.requireNonNull(summary, "summary");
        problems = List.copyOf(problems);
    }

    /** Whether the bundle verifies: no problem at all was found. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
