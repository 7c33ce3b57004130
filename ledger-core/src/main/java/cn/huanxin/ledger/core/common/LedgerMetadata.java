package cn.huanxin.ledger.core.common;

import java.util.List;

/**
 * Keys of the metadata recorded with every event (docs/api.md: source, eventId, occurredAt,
 * recordedAt, principal, requestId) plus the ledger's own event id. Times are ISO-8601 instants in
 * UTC ({@code 2024-09-01T02:15:00Z}); projections read business time from {@link #OCCURRED_AT} and
 * record time from {@link #RECORDED_AT}, never from a clock.
 */
public final class LedgerMetadata {

    public static final String LEDGER_EVENT_ID = "ledgerEventId";
    public static final String SOURCE = "source";
    public static final String EVENT_ID = "eventId";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String RECORDED_AT = "recordedAt";
    public static final String PRINCIPAL = "principal";
    public static final String REQUEST_ID = "requestId";
    /**
     * {@code "true"} when the source is an importer of history (a backfill client); the late-upload
     * rule does not judge its events. Recorded with the event so that a replay judges it the same
     * way whatever the configuration says by then.
     */
    public static final String BACKFILL = "backfill";

    public static final List<String> KEYS =
            List.of(LEDGER_EVENT_ID, SOURCE, EVENT_ID, OCCURRED_AT, RECORDED_AT, PRINCIPAL, REQUEST_ID, BACKFILL);

    private LedgerMetadata() {
    }
}
