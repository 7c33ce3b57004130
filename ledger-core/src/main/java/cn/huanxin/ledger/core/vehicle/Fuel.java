package cn.huanxin.ledger.core.vehicle;

/** The fuel of a scrapped vehicle, which sets its registration-date threshold. */
public enum Fuel {
    PETROL, DIESEL, NEV, OTHER
}
