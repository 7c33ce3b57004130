package cn.huanxin.ledger.projections.balance;

/** One row of {@code balance_posting} as it is written. */
record PostingRow(String ledgerEventId, int lineNo, long position, Line line, String eventType, String fundId,
                  String regionCode, String programme, String subsidyId, long occurredAtMicros,
                  long recordedAtMicros) {
}
