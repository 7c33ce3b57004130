package cn.huanxin.ledger.projections.fraud;

/** OPEN until an auditor's disposition, recorded as an event, says otherwise. */
public enum AlertStatus {
    OPEN, CONFIRMED, DISMISSED, ESCALATED
}
