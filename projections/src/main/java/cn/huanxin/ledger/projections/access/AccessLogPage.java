package cn.huanxin.ledger.projections.access;

import java.util.List;

/** A page of the access log and the key of its last row when more follow. */
public record AccessLogPage(List<AccessLogEntry> items, String nextKey) {
}
