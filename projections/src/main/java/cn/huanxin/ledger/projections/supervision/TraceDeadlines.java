package cn.huanxin.ledger.projections.supervision;

/**
 * The deadlines a trace judges, in Asia/Shanghai calendar days; the same parameters as the fraud
 * rules (docs/fraud-rules.md): "within T days of D" means on or before D + T, missed once "now" is on a later
 * date.
 *
 * @param collectionDays     R12 T1: an appliance subsidy's old item collected within this many days after the grant
 * @param dismantlingDays    R12 T2: a collected appliance dismantled by a WEEE_PROCESSING holder within this many days of collection
 * @param vehicleClosureDays R13 T: a scrapped vehicle deregistered and dismantled within this many days of scrapping
 * @param paymentDays        R19 D: a subsidy paid within this many days of the grant
 */
public record TraceDeadlines(int collectionDays, int dismantlingDays, int vehicleClosureDays, int paymentDays) {

    /** docs/fraud-rules.md's defaults: T1 7, T2 30, T 30, D 30. */
    public static final TraceDeadlines DEFAULTS = new TraceDeadlines(7, 30, 30, 30);

    /** Deadlines longer than ten years are configuration mistakes, not policy. */
    static final int MAX_DAYS = 3660;

    public TraceDeadlines {
        requireDays(collectionDays, "collectionDays");
        requireDays(dismantlingDays, "dismantlingDays");
        requireDays(vehicleClosureDays, "vehicleClosureDays");
        requireDays(paymentDays, "paymentDays");
    }

    private static void requireDays(int days, String name) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException(name + " must be 0-" + MAX_DAYS + " days");
        }
    }
}
