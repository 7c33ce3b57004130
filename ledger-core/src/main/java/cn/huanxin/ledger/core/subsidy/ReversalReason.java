package cn.huanxin.ledger.core.subsidy;

/** Why a subsidy is reversed (追回 / 冲销). */
public enum ReversalReason {
    PRODUCT_RETURNED, INELIGIBLE, FRAUD, DATA_ERROR
}
