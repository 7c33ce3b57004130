package cn.huanxin.ledger.verifier;

import java.util.Objects;

/**
 * One reason an evidence bundle does not verify.
 *
 * @param where  the part of the bundle at fault, for example {@code checkpoint} or
 *               {@code events[3] (ledgerEventId 0b0c…, position 17)}
 * @param reason what is wrong with it, as a sentence fragment a person can act on
 */
public record BundleProblem(String where, String reason) {

    public BundleProblem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return where + ": " + reason;
    }
}
