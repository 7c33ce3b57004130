package cn.huanxin.ledger.api.investigation;

/** Where an investigation stands. COMPLETED and FAILED are final. */
public enum InvestigationStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED
}
