package cn.huanxin.ledger.core.common;

/**
 * Refusal: the event refers to a stream that does not exist — it continues a stream nobody opened,
 * or it names another stream (a subsidy's fund) that was never recorded.
 */
public class UnknownStreamException extends LedgerRefusal {

    public UnknownStreamException(StreamId streamId) {
        super("UNKNOWN_STREAM", "stream " + streamId + " does not exist");
    }
}
