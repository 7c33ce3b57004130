package cn.huanxin.ledger.projections.supervision;

/**
 * How far a chain has come (docs/api.md, trace): {@code COMPLETE} when every stage is present,
 * {@code BROKEN} when a stage is still missing after its deadline (or can no longer be satisfied),
 * {@code IN_PROGRESS} otherwise.
 */
public enum Completeness {
    COMPLETE, IN_PROGRESS, BROKEN;

    /** The worse of two: BROKEN over IN_PROGRESS over COMPLETE. */
    Completeness worse(Completeness other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
