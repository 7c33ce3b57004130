package cn.huanxin.ledger.core.subsidy;

/** Whether a subsidy goes to a natural person or to an enterprise. */
public enum BeneficiaryKind {
    PERSON, ENTERPRISE
}
