package cn.huanxin.ledger.core.common;

/**
 * Refusal: the event would create a stream that already exists. Refusals are checked exceptions on
 * purpose: Axon rolls a unit of work back only on unchecked ones, so a refused command leaves the
 * other commands of the same batch (and the aggregates they loaded) untouched.
 */
public class StreamExistsException extends LedgerRefusal {

    public StreamExistsException(StreamId streamId) {
        super("STREAM_EXISTS", "stream " + streamId + " already exists");
    }
}
