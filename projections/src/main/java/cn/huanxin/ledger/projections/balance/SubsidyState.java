package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.subsidy.Programme;

/**
 * What the projection must remember of one subsidy to post its later events: where its grant was
 * booked, and how much of it has been paid and reversed. Reversals are kept in two parts because
 * a reversal is taken from the unpaid commitment first; what came from the commitment no longer
 * counts as unpaid.
 */
record SubsidyState(String subsidyId, String fundId, String regionCode, Programme programme, long grantedFen,
                    long paidFen, long reversedFromCommittedFen, long reversedFromPaidFen) {

    static SubsidyState granted(String subsidyId, String fundId, String regionCode, Programme programme,
                                long amountFen) {
        return new SubsidyState(subsidyId, fundId, regionCode, programme, amountFen, 0, 0, 0);
    }

    /** Granted, less paid, less what reversals took from the commitment; negative once over-paid. */
    long unpaidCommitmentFen() {
        return Math.subtractExact(Math.subtractExact(grantedFen, paidFen), reversedFromCommittedFen);
    }

    SubsidyState grantedAgain(long amountFen) {
        return new SubsidyState(subsidyId, fundId, regionCode, programme, Math.addExact(grantedFen, amountFen),
                paidFen, reversedFromCommittedFen, reversedFromPaidFen);
    }

    SubsidyState paid(long amountFen) {
        return new SubsidyState(subsidyId, fundId, regionCode, programme, grantedFen, Math.addExact(paidFen, amountFen),
                reversedFromCommittedFen, reversedFromPaidFen);
    }

    SubsidyState reversed(long fromCommittedFen, long fromPaidFen) {
        return new SubsidyState(subsidyId, fundId, regionCode, programme, grantedFen, paidFen,
                Math.addExact(reversedFromCommittedFen, fromCommittedFen),
                Math.addExact(reversedFromPaidFen, fromPaidFen));
    }
}
