package cn.huanxin.ledger.api.config;

import io.micrometer.core.instrument.Tags;

import java.util.List;

/**
 * Every meter the ledger registers, in one place. Operators' dashboards and alerts are built on
 * these names, so a name is never changed, only added. A tag key is listed with its meter, and
 * each takes a small, fixed set of values (no ids, no free text), so that no meter grows without
 * bound.
 *
 * <p>The projections register no meters: the fraud view reports each alert to an
 * {@code AlertListener} that ledger-api counts as {@link #ALERTS_RAISED}. Axon's own meters
 * (axon-micrometer) are named by Axon and are not listed here.
 */
public final class LedgerMetrics {

    /**
     * One meter.
     *
     * @param name        the meter's name, as scraped
     * @param description what it measures, in one line
     * @param tagKeys     the keys of its tags, each with a bounded set of values
     */
    public record LedgerMeter(String name, String description, List<String> tagKeys) {

        public LedgerMeter {
            tagKeys = List.copyOf(tagKeys);
        }

        /** The tags of one measurement: {@code values} in the order of {@link #tagKeys()}. */
        public Tags tags(String... values) {
            if (values.length != tagKeys.size()) {
                throw new IllegalArgumentException(name + " takes the tags " + tagKeys + ", not " + values.length
                        + " values");
            }
            Tags tags = Tags.empty();
            for (int i = 0; i < values.length; i++) {
                tags = tags.and(tagKeys.get(i), values[i]);
            }
            return tags;
        }
    }

    /** {@code type}: one of the recorded types; {@code status}: 201 recorded or 200 repeated. */
    public static final LedgerMeter INGEST_EVENTS = new LedgerMeter("ledger.ingest.events",
            "Events answered with a receipt, by event type and status (201 recorded, 200 repeated)",
            List.of("type", "status"));

    public static final LedgerMeter INGEST_CONFLICTS = new LedgerMeter("ledger.ingest.conflicts",
            "Chunks retried after losing a race for a key or a stream", List.of());

    public static final LedgerMeter INGEST_BACKPRESSURE_WAITS = new LedgerMeter("ledger.ingest.backpressure.waits",
            "chunks that waited for a view to catch up before they were recorded", List.of());

    public static final LedgerMeter VIEWS_LAG = new LedgerMeter("ledger.views.lag",
            "Events the slowest live view was behind the event store when last sampled", List.of());

    /** {@code rule}: a rule id (R01 to R24); {@code severity}: a severity name. */
    public static final LedgerMeter ALERTS_RAISED = new LedgerMeter("ledger.alerts.raised",
            "Fraud alerts raised, by rule and severity", List.of("rule", "severity"));

    public static final LedgerMeter VERIFY_DURATION = new LedgerMeter("ledger.verify.duration",
            "Time taken by verifications of the whole store against the seal", List.of());

    public static final LedgerMeter VERIFY_CHECKED = new LedgerMeter("ledger.verify.checked",
            "Events checked by the running (or last) verification of the whole store", List.of());

    public static final LedgerMeter LOGIN_FAILURES = new LedgerMeter("ledger.security.login.failures",
            "Failed logins (wrong password or unknown client)", List.of());

    public static final LedgerMeter LOGIN_THROTTLED = new LedgerMeter("ledger.security.login.throttled",
            "Login attempts answered 429 without checking the password", List.of());

    /**
     * {@code status}: the HTTP status of a problem the ledger answered (400, 401, 403, 404, 409, 413, 422,
     * 429, 503 …); {@code code}: the problem's contract code ({@code IDEMPOTENCY_CONFLICT},
     * {@code UNKNOWN_STREAM} …) or, for a problem without one, the last word of its type
     * ({@code invalid-request}, {@code payload-too-large} …). Both are the ledger's own words, never the
     * client's.
     */
    public static final LedgerMeter REFUSALS = new LedgerMeter("ledger.refusals",
            "Requests, and events of a batch, answered with a problem, by status and code",
            List.of("status", "code"));

    public static final LedgerMeter INGEST_BATCH_EVENTS = new LedgerMeter("ledger.ingest.batch.events",
            "Events per posted batch", List.of());

    /** {@code view}: the name of a view's processor (balance, supervision, fraud, seal, access). */
    public static final LedgerMeter VIEW_LAG_EVENTS = new LedgerMeter("ledger.view.lag.events",
            "Positions of the event store a view has not handled yet, on this node, when last sampled",
            List.of("view"));

    /** {@code view}: as {@link #VIEW_LAG_EVENTS}. */
    public static final LedgerMeter VIEW_LAG_SECONDS = new LedgerMeter("ledger.view.lag.seconds",
            "Age of the oldest event a view has not handled yet (0 when caught up), when last sampled",
            List.of("view"));

    /** {@code view}: as {@link #VIEW_LAG_EVENTS}. */
    public static final LedgerMeter VIEW_REBUILD_PROGRESS = new LedgerMeter("ledger.view.rebuild.progress",
            "Share (0 to 1) of a rebuilding view's replay done; 1 when the view is not rebuilding",
            List.of("view"));

    public static final LedgerMeter SEAL_LAG_EVENTS = new LedgerMeter("ledger.seal.lag.events",
            "Positions of the event store after the last one a signed checkpoint covers, when last sampled",
            List.of());

    public static final LedgerMeter SEAL_CHECKPOINT_AGE = new LedgerMeter("ledger.seal.checkpoint.age.seconds",
            "Time since the latest checkpoint was signed, when last sampled (NaN before the first)", List.of());

    public static final LedgerMeter VERIFY_PROGRESS = new LedgerMeter("ledger.verify.progress",
            "Share (0 to 1) of the store the running (or last) verification has checked", List.of());

    public static final LedgerMeter INVESTIGATIONS_QUEUED = new LedgerMeter("ledger.investigations.queued",
            "Investigations of this node waiting for a runner", List.of());

    public static final LedgerMeter INVESTIGATIONS_RUNNING = new LedgerMeter("ledger.investigations.running",
            "Investigations this node is running", List.of());

    public static final LedgerMeter INVESTIGATIONS_EVENTS_READ = new LedgerMeter("ledger.investigations.events.read",
            "Events read by this node's investigations", List.of());

    /** Every meter above. */
    public static final List<LedgerMeter> ALL = List.of(INGEST_EVENTS, INGEST_CONFLICTS, INGEST_BACKPRESSURE_WAITS,
            VIEWS_LAG, ALERTS_RAISED, VERIFY_DURATION, VERIFY_CHECKED, LOGIN_FAILURES, LOGIN_THROTTLED, REFUSALS,
            INGEST_BATCH_EVENTS, VIEW_LAG_EVENTS, VIEW_LAG_SECONDS, VIEW_REBUILD_PROGRESS, SEAL_LAG_EVENTS,
            SEAL_CHECKPOINT_AGE, VERIFY_PROGRESS, INVESTIGATIONS_QUEUED, INVESTIGATIONS_RUNNING,
            INVESTIGATIONS_EVENTS_READ);

    private LedgerMetrics() {
    }
}
