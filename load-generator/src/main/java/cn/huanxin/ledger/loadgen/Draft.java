package cn.huanxin.ledger.loadgen;

/**
 * An event as a case produces it, before the plan gives it its event id and envelope.
 *
 * @param type       the event type of the contract
 * @param streamId   the stream the event belongs to
 * @param creates    whether this event is the one that creates its stream
 * @param occurredAt the business time, formatted as the envelope carries it
 * @param payload    the payload as UTF-8 JSON
 */
record Draft(String type, String streamId, boolean creates, String occurredAt, byte[] payload) {
}
