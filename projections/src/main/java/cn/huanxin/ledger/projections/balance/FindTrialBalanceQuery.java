package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.projections.support.Bitemporal;

/** The sums of all debits and all credits of the postings within {@code time}. */
public record FindTrialBalanceQuery(Bitemporal time) {

    public FindTrialBalanceQuery {
        time = time == null ? Bitemporal.EVERYTHING : time;
    }
}
