package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.core.common.LedgerFact;

import java.time.Instant;

/**
 * One posted event after every check passed: the fact is built, personal values are already
 * pseudonyms, and {@code payloadSha256} is the hash of the payload as it will be stored.
 */
public record Envelope(String eventId, EventTypeCatalog.EventType type, Instant occurredAt, LedgerFact fact,
                       String payloadSha256) {
}
