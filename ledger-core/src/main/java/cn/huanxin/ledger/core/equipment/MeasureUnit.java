package cn.huanxin.ledger.core.equipment;

/** The unit an equipment renewal's {@code quantity} is counted in. */
public enum MeasureUnit {
    UNIT, SET, M2, MU, PROJECT
}
