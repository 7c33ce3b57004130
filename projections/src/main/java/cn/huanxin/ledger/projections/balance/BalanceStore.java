package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.Databases;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.PostgresCopy;
import cn.huanxin.ledger.projections.support.ViewTables;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every statement the balance projection runs, against its own two tables only. Writes are batched
 * and typed (a {@code NULL} of unknown type would make the PostgreSQL driver ask the server for the
 * column type, a round trip per value); reads aggregate in SQL over the rows the time filter keeps.
 */
final class BalanceStore {

    /** Ids per {@code IN (…)} list; lists are padded to a few fixed sizes so the database sees few distinct statements. */
    private static final int[] IN_LIST_SIZES = {1, 8, 64, 512};

    private static final String INSERT_POSTING = """
            INSERT INTO balance_posting (ledger_event_id, line_no, position, account_id, account_kind, amount_fen,
                                         event_type, fund_id, region_code, programme, subsidy_id, occurred_at,
                                         recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final int[] INSERT_POSTING_TYPES = {Types.VARCHAR, Types.INTEGER, Types.BIGINT, Types.VARCHAR,
            Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.BIGINT, Types.BIGINT};

    private static final String INSERT_SUBSIDY = """
            INSERT INTO balance_subsidy (subsidy_id, fund_id, region_code, programme, granted_fen, paid_fen,
                                         reversed_from_committed_fen, reversed_from_paid_fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE_SUBSIDY = """
            UPDATE balance_subsidy
               SET granted_fen = ?, paid_fen = ?, reversed_from_committed_fen = ?, reversed_from_paid_fen = ?
             WHERE subsidy_id = ?""";
    private static final int[] SUBSIDY_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT};
    private static final int[] UPDATE_SUBSIDY_TYPES = {Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT,
            Types.VARCHAR};

    /**
     * The figures of a balance row, summed over region-account lines. Each event posts its region
     * account exactly once, so the sum of one event type's lines on one account kind is that type's
     * gross amount.
     */
    private static final String BALANCES = """
            SELECT fund_id, region_code,
                   SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'FundAllocated' THEN amount_fen ELSE 0 END),
                   SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'FundReclaimed' THEN -amount_fen ELSE 0 END),
                   SUM(CASE WHEN account_kind = 'COMMITTED' AND event_type = 'SubsidyGranted' THEN amount_fen ELSE 0 END),
                   SUM(CASE WHEN account_kind = 'COMMITTED' THEN amount_fen ELSE 0 END),
                   SUM(CASE WHEN account_kind = 'PAID' THEN amount_fen ELSE 0 END),
                   SUM(CASE WHEN account_kind = 'QUOTA' AND event_type = 'SubsidyReversed' THEN amount_fen ELSE 0 END)
              FROM balance_posting
             WHERE account_kind IN ('QUOTA', 'COMMITTED', 'PAID') AND occurred_at < ? AND recorded_at <= ?""";

    private static final String POSTINGS = """
            SELECT ledger_event_id, line_no, position, event_type, account_id, amount_fen, fund_id, region_code,
                   subsidy_id, occurred_at, recorded_at
              FROM balance_posting
             WHERE account_id = ? AND occurred_at < ? AND recorded_at <= ?""";

    private static final String TRIAL_BALANCE = """
            SELECT COALESCE(SUM(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END), 0)
              FROM balance_posting
             WHERE occurred_at < ? AND recorded_at <= ?""";

    private final JdbcTemplate jdbc;
    private final BalanceTotals totals;
    private volatile Boolean postgres;

    BalanceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.totals = new BalanceTotals(jdbc);
    }


    /**
     * Which of these events already have postings: those were processed before and are skipped.
     * Every posted event has a line 1, and asking for it names the whole primary key: PostgreSQL
     * then probes the key's index even before it has statistics, where an {@code IN} list on the
     * id alone made it scan the table — once per batch, so a rebuild would slow down as it grew.
     */
    Set<String> postedEventIds(Collection<String> ledgerEventIds) {
        Set<String> posted = new HashSet<>();
        forEachInList(ledgerEventIds, (placeholders, args) -> jdbc.query("SELECT ledger_event_id FROM balance_posting "
                        + "WHERE ledger_event_id IN (" + placeholders + ") AND line_no = 1",
                rs -> {
                    posted.add(rs.getString(1));
                }, args));
        return posted;
    }

    Map<String, SubsidyState> subsidies(Collection<String> subsidyIds) {
        Map<String, SubsidyState> found = new HashMap<>();
        forEachInList(subsidyIds, (placeholders, args) -> jdbc.query("""
                SELECT subsidy_id, fund_id, region_code, programme, granted_fen, paid_fen,
                       reversed_from_committed_fen, reversed_from_paid_fen
                  FROM balance_subsidy WHERE subsidy_id IN (""" + placeholders + ")", rs -> {
            SubsidyState state = new SubsidyState(rs.getString(1), rs.getString(2), rs.getString(3),
                    Programme.valueOf(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8));
            found.put(state.subsidyId(), state);
        }, args));
        return found;
    }

    void insertPostings(List<PostingRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(rows.size());
        for (PostingRow row : rows) {
            args.add(new Object[]{row.ledgerEventId(), row.lineNo(), row.position(), row.line().accountId(),
                    row.line().kind().name(), row.line().amountFen(), row.eventType(), row.fundId(), row.regionCode(),
                    row.programme(), row.subsidyId(), row.occurredAtMicros(), row.recordedAtMicros()});
        }
        insert(INSERT_POSTING, args, INSERT_POSTING_TYPES);
        totals.add(rows, isPostgres());
    }

    void insertSubsidies(Collection<SubsidyState> states) {
        if (states.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(states.size());
        for (SubsidyState s : states) {
            args.add(new Object[]{s.subsidyId(), s.fundId(), s.regionCode(), s.programme().name(), s.grantedFen(),
                    s.paidFen(), s.reversedFromCommittedFen(), s.reversedFromPaidFen()});
        }
        insert(INSERT_SUBSIDY, args, SUBSIDY_TYPES);
    }

    /**
     * Runs an {@code INSERT … VALUES (?, …)} for every row: on PostgreSQL, from
     * {@value PostgresCopy#MIN_ROWS} rows, as one {@code COPY} into the same columns; otherwise as a
     * JDBC batch.
     */
    private void insert(String sql, List<Object[]> args, int[] types) {
        String target = sql.substring("INSERT INTO ".length(), sql.indexOf("VALUES")).strip();
        if (args.size() < PostgresCopy.MIN_ROWS || !PostgresCopy.copy(jdbc, target, args)) {
            jdbc.batchUpdate(sql, args, types);
        }
    }

    void updateSubsidies(Collection<SubsidyState> states) {
        if (states.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(states.size());
        for (SubsidyState s : states) {
            args.add(new Object[]{s.grantedFen(), s.paidFen(), s.reversedFromCommittedFen(), s.reversedFromPaidFen(),
                    s.subsidyId()});
        }
        jdbc.batchUpdate(UPDATE_SUBSIDY, args, UPDATE_SUBSIDY_TYPES);
    }

    /** The highest position posted so far, or 0 when nothing is. */
    long maxPosition() {
        Long max = jdbc.queryForObject("SELECT MAX(position) FROM balance_posting", Long.class);
        return max == null ? 0 : max;
    }

    /**
     * What a rebuild on PostgreSQL builds after the replay (V100's indexes for the queries): writing
     * reads only the primary key (which events are posted already) and the subsidies' and totals'
     * keys.
     */
    static final DeferredIndexes DEFERRED = new DeferredIndexes(BalanceProjection.PROCESSING_GROUP, List.of(
            DeferredIndexes.index("balance_posting_account_ix", "balance_posting", "account_id, position, line_no"),
            DeferredIndexes.index("balance_posting_fund_region_ix", "balance_posting", "fund_id, region_code")));

    /**
     * Empties this projection's tables — and no other table ({@link ViewTables#clear}) — and drops
     * the indexes the replay does not need ({@link #DEFERRED}).
     */
    void deleteAll() {
        DEFERRED.drop(jdbc);
        ViewTables.clear(jdbc, List.of("balance_posting", "balance_subsidy", "balance_total"));
    }

    private boolean isPostgres() {
        if (postgres == null) {
            postgres = Databases.isPostgres(jdbc);
        }
        return postgres;
    }


    /**
     * Raw figures of (fund, region) rows in key order, at most {@code limit} of them: from the
     * running totals when they answer the time filter, else from the journal.
     */
    List<Figures> balances(String fundId, String regionCode, Programme programme, Bitemporal time,
                           String afterFundId, String afterRegionCode, int limit) {
        return BalanceTotals.answer(time)
                ? totals.balances(fundId, regionCode, programme, time, afterFundId, afterRegionCode, limit)
                : balancesFromJournal(fundId, regionCode, programme, time, afterFundId, afterRegionCode, limit);
    }

    /** {@link #balances} summed over every journal line the filters keep. */
    List<Figures> balancesFromJournal(String fundId, String regionCode, Programme programme, Bitemporal time,
                                      String afterFundId, String afterRegionCode, int limit) {
        StringBuilder sql = new StringBuilder(BALANCES);
        List<Object> args = new ArrayList<>();
        args.add(time.occurredBeforeMicros());
        args.add(time.knownAtMicros());
        // Fund events carry no programme and count for every programme.
        rowsOf(sql, args, fundId, regionCode, programme, "programme IS NULL", afterFundId, afterRegionCode, limit);
        return jdbc.query(sql.toString(), Figures::read, args.toArray());
    }

    /**
     * Appends the filters, the grouping into (fund, region) rows, their order and the page to a
     * query of balance figures: the journal's and the running totals' queries page alike.
     * {@code noProgramme} says how the source marks a fund event, which counts for every programme.
     */
    static void rowsOf(StringBuilder sql, List<Object> args, String fundId, String regionCode, Programme programme,
                       String noProgramme, String afterFundId, String afterRegionCode, int limit) {
        if (fundId != null) {
            sql.append(" AND fund_id = ?");
            args.add(fundId);
        }
        if (regionCode != null) {
            sql.append(" AND region_code = ?");
            args.add(regionCode);
        }
        if (programme != null) {
            sql.append(" AND (").append(noProgramme).append(" OR programme = ?)");
            args.add(programme.name());
        }
        if (afterFundId != null) {
            sql.append(" AND (fund_id > ? OR (fund_id = ? AND region_code > ?))");
            args.add(afterFundId);
            args.add(afterFundId);
            args.add(afterRegionCode);
        }
        sql.append(" GROUP BY fund_id, region_code ORDER BY fund_id, region_code FETCH FIRST ? ROWS ONLY");
        args.add(limit);
    }

    /** An account's posting lines in ledger order after (position, line), at most {@code limit}. */
    List<StoredPosting> postings(String accountId, Bitemporal time, Long afterPosition, Integer afterLineNo, int limit) {
        StringBuilder sql = new StringBuilder(POSTINGS);
        List<Object> args = new ArrayList<>();
        args.add(accountId);
        args.add(time.occurredBeforeMicros());
        args.add(time.knownAtMicros());
        if (afterPosition != null) {
            sql.append(" AND (position > ? OR (position = ? AND line_no > ?))");
            args.add(afterPosition);
            args.add(afterPosition);
            args.add(afterLineNo);
        }
        sql.append(" ORDER BY position, line_no FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(sql.toString(), BalanceStore::storedPosting, args.toArray());
    }

    TrialBalanceView trialBalance(Bitemporal time) {
        long[] sums = BalanceTotals.answer(time) ? totals.trialBalance(time) : trialBalanceFromJournal(time);
        Money debits = Money.ofFen(sums[0]);
        Money credits = Money.ofFen(sums[1]);
        return new TrialBalanceView(debits, credits, debits.equals(credits));
    }

    /** Σ debits and Σ credits of every journal line the filter keeps. */
    long[] trialBalanceFromJournal(Bitemporal time) {
        return jdbc.queryForObject(TRIAL_BALANCE, (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)},
                time.occurredBeforeMicros(), time.knownAtMicros());
    }

    private static StoredPosting storedPosting(ResultSet rs, int rowNum) throws SQLException {
        return new StoredPosting(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getLong(11));
    }

    /** Runs {@code query} over {@code ids} in padded {@code IN} lists of at most the largest list size. */
    private static void forEachInList(Collection<String> ids, InListQuery query) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(ids);
        int largest = IN_LIST_SIZES[IN_LIST_SIZES.length - 1];
        for (int from = 0; from < all.size(); from += largest) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + largest));
            int size = IN_LIST_SIZES[0];
            for (int candidate : IN_LIST_SIZES) {
                size = candidate;
                if (candidate >= chunk.size()) {
                    break;
                }
            }
            Object[] args = new Object[size];
            for (int i = 0; i < size; i++) {
                // Repeating the last id fills the list without changing its meaning.
                args[i] = chunk.get(Math.min(i, chunk.size() - 1));
            }
            query.run(String.join(", ", Collections.nCopies(size, "?")), args);
        }
    }

    @FunctionalInterface
    private interface InListQuery {
        void run(String placeholders, Object[] args);
    }

    /** The sums of one balance row, in fen, before the programme rule makes {@code available} of them. */
    record Figures(String fundId, String regionCode, long allocatedFen, long reclaimedFen, long grantedFen,
                   long committedFen, long paidFen, long reversedFen) {

        /** A row of a query that selects fund, region and the six figures in this order. */
        static Figures read(ResultSet rs, int rowNum) throws SQLException {
            return new Figures(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8));
        }
    }

    /** One stored posting line. */
    record StoredPosting(String ledgerEventId, int lineNo, long position, String eventType, String accountId,
                         long amountFen, String fundId, String regionCode, String subsidyId, long occurredAtMicros,
                         long recordedAtMicros) {
    }
}
