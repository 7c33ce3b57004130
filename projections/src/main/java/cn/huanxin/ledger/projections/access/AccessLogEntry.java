package cn.huanxin.ledger.projections.access;

import java.time.Instant;

/**
 * One sensitive read as the access log shows it.
 *
 * @param at            when the ledger recorded the read (just before it served it)
 * @param actor         the client that read
 * @param endpoint      method and path pattern of the endpoint
 * @param subject       what was read, by pseudonym or id only
 * @param ledgerEventId the sealed event that records the read
 */
public record AccessLogEntry(Instant at, String actor, String endpoint, Subject subject, String ledgerEventId) {

    /** The kind of subject ({@code person}, a trace kind, {@code stream}, {@code investigation}) and its ref. */
    public record Subject(String kind, String ref) {
    }
}
