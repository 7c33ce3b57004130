package cn.huanxin.ledger.projections.supervision;

/**
 * The state of one stage of a chain.
 * <ul>
 *   <li>{@code DONE}: present, in time, and (where the stage asks for one) by a holder of the
 *   qualification;</li>
 *   <li>{@code LATE}: present, but after its deadline — present all the same, so it does not
 *   break the chain;</li>
 *   <li>{@code PENDING}: not present yet and its deadline (if any) has not passed;</li>
 *   <li>{@code MISSING}: not present and its deadline has passed, or it had to come before
 *   something that has happened (an allocation before the grant) — the chain is broken;</li>
 *   <li>{@code UNQUALIFIED}: the event is there but the enterprise did not hold the qualification on
 *   that day, so the stage is not satisfied; it breaks the chain once the stage's deadline has passed,
 *   at once when the stage has none;</li>
 *   <li>{@code NOT_APPLICABLE}: nothing is due (a withdrawn subsidy needs no payment; an appliance
 *   dismantled by its own collector needs no hand-over);</li>
 *   <li>{@code INFO}: shown for the record, never required (a voided invoice, a reversal);</li>
 *   <li>{@code BROKEN}: a stage that stands for a whole chain (a person's subsidy) whose chain is
 *   broken.</li>
 * </ul>
 */
public enum StageStatus {
    DONE, LATE, PENDING, MISSING, UNQUALIFIED, NOT_APPLICABLE, INFO, BROKEN;

    /** Whether the stage counts as present for {@link Completeness#COMPLETE}. */
    public boolean satisfied() {
        return this == DONE || this == LATE || this == NOT_APPLICABLE || this == INFO;
    }
}
