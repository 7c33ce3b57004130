package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.PostgresCopy;
import cn.huanxin.ledger.projections.support.ViewTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The SQL of the supervision projection: writing indexed events in batches, clearing the tables, and
 * the reads of traces, each filtered by a {@link Bitemporal}. The same statements run on H2 and
 * PostgreSQL.
 */
final class SupervisionStore {

    static final String EVENT_TABLE = "supervision_event";
    static final String LINK_TABLE = "supervision_link";

    /**
     * What a rebuild on PostgreSQL builds after the replay (V200's indexes). Writing reads the events'
     * primary key (which events are indexed already) and the stream index (the targets' running
     * totals), so those two stay; the links' primary key only guards what the first of them
     * guarantees: an event's links are written with the event, once.
     */
    static final DeferredIndexes DEFERRED = new DeferredIndexes(SupervisionProjection.PROCESSING_GROUP, List.of(
            DeferredIndexes.index("supervision_event_type_time", EVENT_TABLE, "event_type, occurred_at"),
            DeferredIndexes.index("supervision_event_time", EVENT_TABLE, "occurred_at, recorded_at"),
            DeferredIndexes.primaryKey("supervision_link_pk", LINK_TABLE, "subject_kind, subject_ref, ledger_event_id"),
            DeferredIndexes.index("supervision_link_event", LINK_TABLE, "ledger_event_id")));

    /** Ids per {@code IN (...)} list when checking which events are already indexed. */
    private static final int ID_CHUNK = 500;
    /** Rows per multi-row insert: 100 events are 2,500 parameters, 300 links 900. */
    private static final int ROWS_PER_INSERT = 100;
    private static final int LINKS_PER_INSERT = 300;
    private static final int EVENT_COLUMN_COUNT = 25;

    static final String COLUMNS = "ledger_event_id, stream_id, sequence_number, event_type, occurred_at, recorded_at, "
            + "global_position, subsidy_id, fund_id, region_code, programme, person_ref, enterprise_id, merchant_id, "
            + "vin, return_id, invoice_no, old_item_kind, old_item_ref, qualification, business_date, valid_to, "
            + "amount_fen, quantity, equipment_category";

    private static final String SELECT_EVENT = "SELECT " + prefixed("e", COLUMNS) + " FROM " + EVENT_TABLE + " e ";

    /** The order of events everywhere in a trace: business time, then record time, then place. */
    private static final String ORDER = " ORDER BY e.occurred_at, e.recorded_at, e.stream_id, e.sequence_number, "
            + "e.ledger_event_id";

    /** The bitemporal filter on the event alias {@code e}: occurred before the day after asOf, recorded by knownAt. */
    private static final String FILTER = " e.occurred_at < ? AND e.recorded_at <= ? ";

    private static final RowMapper<EventRow> ROW = (rs, rowNum) -> new EventRow(
            rs.getString("ledger_event_id"), rs.getString("stream_id"), rs.getLong("sequence_number"),
            rs.getString("event_type"), rs.getLong("occurred_at"), rs.getLong("recorded_at"),
            nullableLong(rs.getObject("global_position")), rs.getString("subsidy_id"), rs.getString("fund_id"),
            rs.getString("region_code"), rs.getString("programme"), rs.getString("person_ref"),
            rs.getString("enterprise_id"), rs.getString("merchant_id"), rs.getString("vin"),
            rs.getString("return_id"), rs.getString("invoice_no"), rs.getString("old_item_kind"),
            rs.getString("old_item_ref"), rs.getString("qualification"),
            rs.getObject("business_date", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
            nullableLong(rs.getObject("amount_fen")), nullableLong(rs.getObject("quantity")),
            rs.getString("equipment_category"));

    private final JdbcTemplate jdbc;

    SupervisionStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * Inserts the events not indexed yet, with their links, and answers the rows inserted. An event
     * redelivered (after a crash, a retried batch) is recognised by its ledger event id and written
     * once: the links of an event are derived from it alone and written with it, so an indexed event
     * has all of its links.
     */
    List<EventRow> write(Collection<IndexedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, IndexedEvent> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.row().ledgerEventId(), event));
        Set<String> existing = existingIds(unique.keySet());
        List<EventRow> rows = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (IndexedEvent event : unique.values()) {
            if (!existing.contains(event.row().ledgerEventId())) {
                rows.add(event.row());
                links.addAll(event.links());
            }
        }
        insert(EVENT_TABLE + " (" + COLUMNS + ")", EVENT_COLUMN_COUNT, ROWS_PER_INSERT, rows, SupervisionStore::bind,
                SupervisionStore::values);
        insert(LINK_TABLE + " (subject_kind, subject_ref, ledger_event_id)", 3, LINKS_PER_INSERT, links,
                (ps, index, link) -> {
                    ps.setString(index, link.subjectKind());
                    ps.setString(index + 1, link.subjectRef());
                    ps.setString(index + 2, link.ledgerEventId());
                }, link -> new Object[]{link.subjectKind(), link.subjectRef(), link.ledgerEventId()});
        return rows;
    }

    /** Binds one row's values from parameter {@code index} on. */
    @FunctionalInterface
    interface RowBinder<T> {
        void bind(PreparedStatement ps, int index, T row) throws SQLException;
    }

    /**
     * Inserts rows into {@code target} (the table and its column list): on PostgreSQL, from
     * {@value PostgresCopy#MIN_ROWS} rows, as one {@code COPY}; otherwise with multi-row {@code VALUES}
     * lists, {@code perStatement} rows a statement — one statement execution per chunk instead of one
     * per row, on both databases, and far below PostgreSQL's limit of 32,767 parameters.
     */
    private <T> void insert(String target, int columns, int perStatement, List<T> rows, RowBinder<T> binder,
                            Function<T, Object[]> values) {
        if (rows.size() >= PostgresCopy.MIN_ROWS
                && PostgresCopy.copy(jdbc, target, rows.stream().map(values).toList())) {
            return;
        }
        String prefix = "INSERT INTO " + target + " VALUES ";
        String one = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String sql = prefix + String.join(", ", Collections.nCopies(chunk.size(), one));
            jdbc.update(sql, ps -> {
                int index = 1;
                for (T row : chunk) {
                    binder.bind(ps, index, row);
                    index += columns;
                }
            });
        }
    }

    private Set<String> existingIds(Collection<String> ids) {
        Set<String> existing = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += ID_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            existing.addAll(jdbc.queryForList("SELECT ledger_event_id FROM " + EVENT_TABLE
                    + " WHERE ledger_event_id IN (" + marks + ")", String.class, chunk.toArray()));
        }
        return existing;
    }

    private static void bind(PreparedStatement ps, int first, EventRow row) throws SQLException {
        int i = first - 1;
        ps.setString(++i, row.ledgerEventId());
        ps.setString(++i, row.streamId());
        ps.setLong(++i, row.sequence());
        ps.setString(++i, row.type());
        ps.setLong(++i, row.occurredAtMicros());
        ps.setLong(++i, row.recordedAtMicros());
        setLong(ps, ++i, row.position());
        setString(ps, ++i, row.subsidyId());
        setString(ps, ++i, row.fundId());
        setString(ps, ++i, row.regionCode());
        setString(ps, ++i, row.programme());
        setString(ps, ++i, row.personRef());
        setString(ps, ++i, row.enterpriseId());
        setString(ps, ++i, row.merchantId());
        setString(ps, ++i, row.vin());
        setString(ps, ++i, row.returnId());
        setString(ps, ++i, row.invoiceNo());
        setString(ps, ++i, row.oldItemKind());
        setString(ps, ++i, row.oldItemRef());
        setString(ps, ++i, row.qualification());
        setDate(ps, ++i, row.businessDate());
        setDate(ps, ++i, row.validTo());
        setLong(ps, ++i, row.amountFen());
        setLong(ps, ++i, row.quantity());
        setString(ps, ++i, row.equipmentCategory());
    }

    /** One row's values in the order of {@link #COLUMNS}, as {@link #bind} binds them. */
    private static Object[] values(EventRow row) {
        return new Object[]{row.ledgerEventId(), row.streamId(), row.sequence(), row.type(), row.occurredAtMicros(),
                row.recordedAtMicros(), row.position(), row.subsidyId(), row.fundId(), row.regionCode(),
                row.programme(), row.personRef(), row.enterpriseId(), row.merchantId(), row.vin(), row.returnId(),
                row.invoiceNo(), row.oldItemKind(), row.oldItemRef(), row.qualification(), row.businessDate(),
                row.validTo(), row.amountFen(), row.quantity(), row.equipmentCategory()};
    }

    /**
     * Clears exactly the projection's own tables, for a replay, and drops the indexes the replay
     * does not need ({@link #DEFERRED}).
     */
    void reset() {
        DEFERRED.drop(jdbc);
        ViewTables.clear(jdbc, List.of(LINK_TABLE, EVENT_TABLE, TargetTotals.TABLE));
    }

    // ---- reads for the target totals, with no time filter ----

    /** The events of the given types in the given streams, {@value #ID_CHUNK} streams a query. */
    List<EventRow> streams(Collection<String> streamIds, List<String> types) {
        List<EventRow> rows = new ArrayList<>();
        List<String> all = new ArrayList<>(streamIds);
        String typeMarks = String.join(", ", Collections.nCopies(types.size(), "?"));
        for (int from = 0; from < all.size(); from += ID_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
            List<Object> args = new ArrayList<>(chunk);
            args.addAll(types);
            rows.addAll(jdbc.query(SELECT_EVENT + "WHERE e.stream_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") AND e.event_type IN ("
                    + typeMarks + ")", ROW, args.toArray()));
        }
        return rows;
    }

    /** Every event of the given types, stream by stream in order, fetched {@code fetchSize} rows at a time. */
    void forEachOfTypes(List<String> types, int fetchSize, Consumer<EventRow> action) {
        String sql = SELECT_EVENT + "WHERE e.event_type IN (" + String.join(", ", Collections.nCopies(types.size(), "?"))
                + ") ORDER BY e.stream_id, e.sequence_number, e.ledger_event_id";
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(sql);
            ps.setFetchSize(fetchSize);
            for (int i = 0; i < types.size(); i++) {
                ps.setString(i + 1, types.get(i));
            }
            return ps;
        }, (RowCallbackHandler) rs -> action.accept(ROW.mapRow(rs, rs.getRow())));
    }

    // ---- reads, each within one bitemporal filter ----

    /** The events of one stream within the filter, in order. */
    List<EventRow> stream(String streamId, Bitemporal time) {
        return jdbc.query(SELECT_EVENT + "WHERE e.stream_id = ? AND" + FILTER + ORDER, ROW,
                streamId, time.occurredBeforeMicros(), time.knownAtMicros());
    }

    /** The first {@code limit} events (in order) that concern a subject besides their own streams. */
    List<EventRow> linked(LinkKind kind, String ref, Bitemporal time, int limit) {
        return jdbc.query("SELECT " + prefixed("e", COLUMNS) + " FROM " + LINK_TABLE + " l JOIN " + EVENT_TABLE
                        + " e ON e.ledger_event_id = l.ledger_event_id WHERE l.subject_kind = ? AND l.subject_ref = ? AND"
                        + FILTER + ORDER + " LIMIT ?", ROW,
                kind.name(), ref, time.occurredBeforeMicros(), time.knownAtMicros(), limit);
    }

    /** The items a reverse invoice names, in a stable order. */
    List<String> itemRefs(String ledgerEventId) {
        return jdbc.queryForList("SELECT subject_ref FROM " + LINK_TABLE
                + " WHERE ledger_event_id = ? AND subject_kind = ? ORDER BY subject_ref", String.class,
                ledgerEventId, LinkKind.ITEM.name());
    }

    /** The first {@code limit} payments of subsidies granted from a fund. */
    List<EventRow> paymentsFromFund(String fundId, Bitemporal time, int limit) {
        return jdbc.query("SELECT " + prefixed("e", COLUMNS) + " FROM " + LINK_TABLE + " l JOIN " + EVENT_TABLE
                        + " g ON g.ledger_event_id = l.ledger_event_id JOIN " + EVENT_TABLE
                        + " e ON e.stream_id = g.stream_id WHERE l.subject_kind = ? AND l.subject_ref = ?"
                        + " AND g.event_type = ? AND g.occurred_at < ? AND g.recorded_at <= ? AND e.event_type = ? AND"
                        + FILTER + ORDER + " LIMIT ?", ROW,
                LinkKind.FUND.name(), fundId, EventRow.SUBSIDY_GRANTED, time.occurredBeforeMicros(),
                time.knownAtMicros(), EventRow.SUBSIDY_PAID, time.occurredBeforeMicros(), time.knownAtMicros(), limit);
    }

    /**
     * "Now" of the deadline rules: the largest {@code occurredAt} among the events within the filter
     * (docs/fraud-rules.md) — business time, never the wall clock. Walks the (occurred_at, recorded_at) index
     * from the top and stops at the first event known at {@code knownAt}.
     */
    OptionalLong now(Bitemporal time) {
        List<Long> found = jdbc.queryForList("SELECT e.occurred_at FROM " + EVENT_TABLE + " e WHERE" + FILTER
                + "ORDER BY e.occurred_at DESC LIMIT 1", Long.class, time.occurredBeforeMicros(), time.knownAtMicros());
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    // ---- helpers ----

    static String prefixed(String alias, String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(alias).append('.').append(column.trim());
        }
        return out.toString();
    }

    private static Long nullableLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, value);
        }
    }
}
