package cn.huanxin.ledger.core.vehicle;

/** The national emission standard (国I … 国VI) of a scrapped vehicle. */
public enum EmissionStandard {
    CHINA_I, CHINA_II, CHINA_III, CHINA_IV, CHINA_V, CHINA_VI, NONE
}
