package cn.huanxin.ledger.api.security;

import java.util.Optional;

/**
 * Which client's event created a stream: what {@link AccessPolicy} needs to let a SOURCE client read
 * the history of its own streams only. Implemented beside the receipts, so that security does not
 * depend on ingestion.
 */
@FunctionalInterface
public interface StreamCreators {

    /** The source whose event created the stream, or empty when no such stream was created. */
    Optional<String> creator(String streamId);
}
