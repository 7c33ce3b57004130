package cn.huanxin.ledger.core.alert;

/** What an auditor decided about a fraud alert. */
public enum Disposition {
    CONFIRMED, DISMISSED, ESCALATED
}
