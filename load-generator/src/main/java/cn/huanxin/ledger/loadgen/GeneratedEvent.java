package cn.huanxin.ledger.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * One generated event, ready to post.
 *
 * @param eventId  the idempotency key, unique within a run
 * @param type     the event type of the contract
 * @param streamId the stream the event belongs to, e.g. {@code subsidy:LG1-S-320812-0000001}
 * @param creates  whether this event is the one that creates its stream
 * @param json     the envelope as UTF-8 JSON
 */
public record GeneratedEvent(String eventId, String type, String streamId, boolean creates, byte[] json) {

    /** The envelope as a string, for logs and tests. */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
