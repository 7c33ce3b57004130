package cn.huanxin.ledger.projections.balance;

/** One line of a journal entry: an amount in fen, a debit when positive, a credit when negative. */
record Line(String accountId, AccountKind kind, long amountFen) {
}
