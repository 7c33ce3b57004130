package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of the journal, one row per (fund, region, programme, day the events occurred),
 * so that balance rows and the trial balance of the present cost a few hundred rows, not the
 * whole journal (docs/balances.md, "Running totals"). The rows are sums of {@code balance_posting}
 * lines and nothing else: a filter they can answer gives exactly the journal's answer, and a
 * filter they cannot — any {@code knownAt} — is answered from the journal.
 *
 * <p>Days are counted at UTC+08:00, China's offset since 1991, so {@code asOf} (a day in
 * Asia/Shanghai) cuts between two days' rows. Should a day boundary ever fall elsewhere (a date
 * before 1991), the journal answers.
 *
 * <p>Several segments of the view post at once and share these rows: each batch adds its sums
 * with one atomic upsert per row, in key order, so two batches never wait on each other in a
 * cycle.
 */
final class BalanceTotals {

    static final long MICROS_PER_DAY = 86_400_000_000L;
    static final long OFFSET_MICROS = 8 * 3_600_000_000L;

    /** A fund event has no region or programme; its rows say so with an empty string, as a key cannot be null. */
    static final String NONE = "";

    private static final String FIGURES =
            "allocated_fen, reclaimed_fen, granted_fen, committed_fen, paid_fen, reversed_fen, debit_fen, credit_fen";
    private static final String KEY = "fund_id, region_code, programme, occurred_day";

    private static final String UPSERT_POSTGRES = "INSERT INTO balance_total (" + KEY + ", " + FIGURES + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (" + KEY + ") DO UPDATE SET "
            + addEach("balance_total.", "EXCLUDED.");

    private static final String UPSERT_H2 = "MERGE INTO balance_total t USING (VALUES (CAST(? AS VARCHAR(64)),"
            + " CAST(? AS VARCHAR(6)), CAST(? AS VARCHAR(32)), CAST(? AS INTEGER), CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT), CAST(? AS BIGINT))) s (" + KEY + ", " + FIGURES + ")"
            + " ON t.fund_id = s.fund_id AND t.region_code = s.region_code AND t.programme = s.programme"
            + " AND t.occurred_day = s.occurred_day"
            + " WHEN MATCHED THEN UPDATE SET " + addEach("t.", "s.")
            + " WHEN NOT MATCHED THEN INSERT (" + KEY + ", " + FIGURES + ") VALUES (s.fund_id, s.region_code,"
            + " s.programme, s.occurred_day, s.allocated_fen, s.reclaimed_fen, s.granted_fen, s.committed_fen,"
            + " s.paid_fen, s.reversed_fen, s.debit_fen, s.credit_fen)";

    private static final int[] UPSERT_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER,
            Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT,
            Types.BIGINT};

    private static final String BALANCES = """
            SELECT fund_id, region_code, SUM(allocated_fen), SUM(reclaimed_fen), SUM(granted_fen),
                   SUM(committed_fen), SUM(paid_fen), SUM(reversed_fen)
              FROM balance_total
             WHERE region_code <> ''""";

    private static final String TRIAL_BALANCE =
            "SELECT COALESCE(SUM(debit_fen), 0), COALESCE(SUM(credit_fen), 0) FROM balance_total";

    private final JdbcTemplate jdbc;

    BalanceTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether these rows answer {@code time}: no record-time filter, and a cut between two days. */
    static boolean answer(Bitemporal time) {
        return time.knownAt() == null
                && (time.asOf() == null || Math.floorMod(time.occurredBeforeMicros() + OFFSET_MICROS, MICROS_PER_DAY) == 0);
    }

    /** The day (since the epoch, at UTC+08:00) of an {@code occurred_at}. */
    static int day(long occurredAtMicros) {
        return Math.toIntExact(Math.floorDiv(occurredAtMicros + OFFSET_MICROS, MICROS_PER_DAY));
    }

    /** Adds the lines of one batch, already in {@code balance_posting} in the same transaction. */
    void add(List<PostingRow> rows, boolean postgres) {
        if (rows.isEmpty()) {
            return;
        }
        Map<Key, long[]> sums = new TreeMap<>(Key.ORDER);
        for (PostingRow row : rows) {
            Key key = new Key(row.fundId(), row.regionCode() == null ? NONE : row.regionCode(),
                    row.programme() == null ? NONE : row.programme(), day(row.occurredAtMicros()));
            addLine(sums.computeIfAbsent(key, k -> new long[8]), row);
        }
        List<Object[]> args = new ArrayList<>(sums.size());
        sums.forEach((key, s) -> args.add(new Object[]{key.fundId(), key.regionCode(), key.programme(), key.day(),
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]}));
        jdbc.batchUpdate(postgres ? UPSERT_POSTGRES : UPSERT_H2, args, UPSERT_TYPES);
    }

    /** The same figures as {@link BalanceStore}'s journal query, summed over the rows the filters keep. */
    List<BalanceStore.Figures> balances(String fundId, String regionCode, Programme programme, Bitemporal time,
                                        String afterFundId, String afterRegionCode, int limit) {
        StringBuilder sql = new StringBuilder(BALANCES);
        List<Object> args = new ArrayList<>();
        beforeDay(time, sql, args, " AND ");
        BalanceStore.rowsOf(sql, args, fundId, regionCode, programme, "programme = ''", afterFundId, afterRegionCode,
                limit);
        return jdbc.query(sql.toString(), BalanceStore.Figures::read, args.toArray());
    }

    /** Σ debits and Σ credits of the lines the filter keeps. */
    long[] trialBalance(Bitemporal time) {
        StringBuilder sql = new StringBuilder(TRIAL_BALANCE);
        List<Object> args = new ArrayList<>();
        beforeDay(time, sql, args, " WHERE ");
        return jdbc.queryForObject(sql.toString(), (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)},
                args.toArray());
    }

    private static void beforeDay(Bitemporal time, StringBuilder sql, List<Object> args, String joiner) {
        if (time.asOf() != null) {
            sql.append(joiner).append("occurred_day < ?");
            args.add(day(time.occurredBeforeMicros()));
        }
    }

    /** The line's share of each figure, as the journal query's CASE expressions take it. */
    private static void addLine(long[] sums, PostingRow row) {
        long amount = row.line().amountFen();
        AccountKind kind = row.line().kind();
        String type = row.eventType();
        if (kind == AccountKind.QUOTA && "FundAllocated".equals(type)) {
            sums[0] = Math.addExact(sums[0], amount);
        }
        if (kind == AccountKind.QUOTA && "FundReclaimed".equals(type)) {
            sums[1] = Math.subtractExact(sums[1], amount);
        }
        if (kind == AccountKind.COMMITTED && "SubsidyGranted".equals(type)) {
            sums[2] = Math.addExact(sums[2], amount);
        }
        if (kind == AccountKind.COMMITTED) {
            sums[3] = Math.addExact(sums[3], amount);
        }
        if (kind == AccountKind.PAID) {
            sums[4] = Math.addExact(sums[4], amount);
        }
        if (kind == AccountKind.QUOTA && "SubsidyReversed".equals(type)) {
            sums[5] = Math.addExact(sums[5], amount);
        }
        if (amount > 0) {
            sums[6] = Math.addExact(sums[6], amount);
        } else {
            sums[7] = Math.subtractExact(sums[7], amount);
        }
    }

    private static String addEach(String current, String added) {
        List<String> sets = new ArrayList<>();
        for (String column : FIGURES.split(", ")) {
            sets.add(column + " = " + current + column + " + " + added + column);
        }
        return String.join(", ", sets);
    }

    /** A row's key; rows are written in this order. */
    record Key(String fundId, String regionCode, String programme, int day) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::fundId).thenComparing(Key::regionCode)
                .thenComparing(Key::programme).thenComparingInt(Key::day);
    }
}
