package cn.huanxin.ledger.projections.balance;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Test-side access to the balance tables: emptying a shared database, digesting every row. */
final class BalanceTables {

    private BalanceTables() {
    }

    /** Empties the tables directly, so that tests of the reset handler do not depend on it. */
    static JdbcTemplate cleared(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM balance_posting");
        jdbc.update("DELETE FROM balance_subsidy");
        jdbc.update("DELETE FROM balance_total");
        return jdbc;
    }

    static long postingCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM balance_posting", Long.class);
    }

    /** SHA-256 over every column of every row of both tables, in key order. */
    static String digest(JdbcTemplate jdbc) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest(jdbc, sha, """
                SELECT ledger_event_id, line_no, position, account_id, account_kind, amount_fen, event_type, fund_id,
                       region_code, programme, subsidy_id, occurred_at, recorded_at
                  FROM balance_posting ORDER BY ledger_event_id, line_no""");
        digest(jdbc, sha, """
                SELECT subsidy_id, fund_id, region_code, programme, granted_fen, paid_fen,
                       reversed_from_committed_fen, reversed_from_paid_fen
                  FROM balance_subsidy ORDER BY subsidy_id""");
        digest(jdbc, sha, totalsInKeyOrder());
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every running total, in key order. */
    static List<java.util.Map<String, Object>> totals(JdbcTemplate jdbc) {
        return jdbc.queryForList(totalsInKeyOrder());
    }

    private static String totalsInKeyOrder() {
        return """
                SELECT fund_id, region_code, programme, occurred_day, allocated_fen, reclaimed_fen, granted_fen,
                       committed_fen, paid_fen, reversed_fen, debit_fen, credit_fen
                  FROM balance_total ORDER BY fund_id, region_code, programme, occurred_day""";
    }

    private static void digest(JdbcTemplate jdbc, MessageDigest sha, String sql) {
        jdbc.query(sql, rs -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('\u001f');
            }
            sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        });
        sha.update((byte) 0x1e);
    }
}
