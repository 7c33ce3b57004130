package cn.huanxin.ledger.projections.fraud;

/** One alert by id. */
public record FindAlertQuery(String alertId) {
}
