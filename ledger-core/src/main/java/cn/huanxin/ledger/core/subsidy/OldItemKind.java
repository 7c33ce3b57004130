package cn.huanxin.ledger.core.subsidy;

/** The kind of old item handed in for a trade-in subsidy. */
public enum OldItemKind {
    VEHICLE, APPLIANCE, EBIKE, EQUIPMENT
}
