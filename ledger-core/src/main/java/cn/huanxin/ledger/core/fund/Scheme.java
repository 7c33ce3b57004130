package cn.huanxin.ledger.core.fund;

/** The programme a fund pays for. */
public enum Scheme {
    CONSUMER_TRADE_IN, EQUIPMENT_RENEWAL, RECYCLING
}
