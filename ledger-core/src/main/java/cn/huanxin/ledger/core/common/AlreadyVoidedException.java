package cn.huanxin.ledger.core.common;

/** Refusal: a reverse invoice can be voided once; a second void would contradict the first. */
public class AlreadyVoidedException extends LedgerRefusal {

    public AlreadyVoidedException(StreamId streamId) {
        super("ALREADY_VOIDED", "reverse invoice " + streamId + " is already voided");
    }
}
