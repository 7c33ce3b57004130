package cn.huanxin.ledger.core.enterprise;

/** What an enterprise does in the programme. */
public enum EnterpriseRole {
    DEALER, RECYCLER, VEHICLE_RECYCLER, DISMANTLER, MANUFACTURER, OPERATOR
}
