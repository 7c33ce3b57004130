package cn.huanxin.ledger.projections.supervision;

/** One row of {@code supervision_link}: the event concerns the subject (kind, ref) besides its own stream. */
record Link(String subjectKind, String subjectRef, String ledgerEventId) {
}
