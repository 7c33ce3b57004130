package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.Bitemporal;

/**
 * Asks for progress against the plan's targets of one year as the ledger stood at {@code time};
 * answered with {@code List<TargetRow>} in catalogue order (empty for a year without targets).
 */
public record FindTargetsQuery(int year, Bitemporal time) {

    public FindTargetsQuery {
        time = time == null ? Bitemporal.EVERYTHING : time;
    }
}
