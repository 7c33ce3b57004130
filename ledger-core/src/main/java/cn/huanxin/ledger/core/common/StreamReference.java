package cn.huanxin.ledger.core.common;

import java.util.Objects;

/**
 * A stream that a fact refers to and that must exist before the fact may be recorded.
 *
 * @param streamId the stream referred to
 * @param noun     what the stream is, as a refusal names it: {@code fund} in
 *                 "fund fund:HA-2024-CTI-CB-01 does not exist"
 */
public record StreamReference(StreamId streamId, String noun) {

    public StreamReference {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(noun, "noun");
    }
}
