package cn.huanxin.ledger.core.enterprise;

/** A licence or filing an enterprise holds for a period. */
public enum Qualification {
    VEHICLE_RECYCLING, WEEE_PROCESSING, RECYCLING_FILING, HAZARDOUS_WASTE, DEALER_FILING
}
