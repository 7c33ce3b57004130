package cn.huanxin.ledger.verifier;

/**
 * What an evidence bundle says about itself, as far as it could be read. A member the bundle does
 * not give in the right type is {@code null} here; that is always also a {@link BundleProblem}.
 *
 * <p>The subject is a label chosen by the ledger when it built the bundle: it is not covered by the
 * checkpoint signature, and the verifier does not check that the events concern it.
 *
 * @param subjectKind    {@code subject.kind}, for example {@code subsidy}
 * @param subjectRef     {@code subject.ref}, for example {@code S-320812-000001}
 * @param eventCount     the number of entries in {@code events}; 0 when there is no such array
 * @param treeSize       {@code checkpoint.treeSize}
 * @param signedAt       {@code checkpoint.signedAt}, exactly as signed
 * @param keyId          the id of the key the checkpoint was checked against: the trusted key's
 *                       when one was given, else the one computed from the bundle's key, else the
 *                       one the bundle claims
 * @param keyPinned      whether a trusted key was given, rather than the bundle's own key believed
 */
public record BundleSummary(String subjectKind, String subjectRef, int eventCount, Long treeSize,
                            String signedAt, String keyId, boolean keyPinned) {
}
