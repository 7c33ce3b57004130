package cn.huanxin.ledger.core.equipment;

/** What happened to the replaced equipment. */
public enum Disposal {
    SCRAPPED, RECYCLED, REMANUFACTURED
}
