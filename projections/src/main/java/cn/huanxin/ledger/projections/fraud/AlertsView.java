package cn.huanxin.ledger.projections.fraud;

import java.util.List;

/** A page of alerts in the order they were raised; {@code nextKey} is {@code null} on the last page. */
public record AlertsView(List<AlertView> items, String nextKey) {
}
