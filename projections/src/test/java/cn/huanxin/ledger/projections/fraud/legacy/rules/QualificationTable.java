package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;

/**
 * The grants and revocations of one qualification, kept in one rule's own two tables (each rule owns
 * its state, so R12 and R13 each keep the kind they judge). A qualification is valid on a day when a
 * grant has {@code validFrom ≤ day ≤ validTo} (no {@code validTo}: open-ended) and no revocation
 * dated on or before the day and on or after that grant's {@code validFrom} ended it — so a re-grant
 * that starts after a revocation is a fresh licence, whatever order the events were recorded in.
 * This is the reading R14 uses too.
 */
final class QualificationTable {

    private final String grants;
    private final String revocations;
    private final Qualification kind;

    /** {@code prefix} is a constant of the rule, never input: tables {@code <prefix>_qualification} and {@code <prefix>_revocation}. */
    QualificationTable(String prefix, Qualification kind) {
        this.grants = prefix + "_qualification";
        this.revocations = prefix + "_revocation";
        this.kind = kind;
    }

    /** Records a grant or revocation of this table's kind; other facts and kinds are ignored. */
    void on(LedgerFact fact, RecordedEvent event, JdbcTemplate jdbc) {
        if (fact instanceof QualificationGranted granted && granted.qualification() == kind) {
            Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM " + grants + " WHERE ledger_event_id = ?",
                    Integer.class, event.ledgerEventId());
            if (known == null || known == 0) {
                jdbc.update("INSERT INTO " + grants + " (ledger_event_id, enterprise_id, valid_from, valid_to) "
                                + "VALUES (?,?,?,?)", event.ledgerEventId(), granted.enterpriseId().value(),
                        granted.validFrom(), granted.validTo());
            }
        } else if (fact instanceof QualificationRevoked revoked && revoked.qualification() == kind) {
            Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM " + revocations + " WHERE ledger_event_id = ?",
                    Integer.class, event.ledgerEventId());
            if (known == null || known == 0) {
                jdbc.update("INSERT INTO " + revocations + " (ledger_event_id, enterprise_id, revoked_on) VALUES (?,?,?)",
                        event.ledgerEventId(), revoked.enterpriseId().value(), revoked.revokedOn());
            }
        }
    }

    boolean validOn(JdbcTemplate jdbc, EnterpriseId enterprise, LocalDate day) {
        Integer valid = jdbc.queryForObject("SELECT COUNT(*) FROM " + grants + " g WHERE g.enterprise_id = ? "
                + "AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to >= ?) AND NOT EXISTS ("
                + "SELECT 1 FROM " + revocations + " r WHERE r.enterprise_id = g.enterprise_id "
                + "AND r.revoked_on <= ? AND r.revoked_on >= g.valid_from)", Integer.class, enterprise.value(), day,
                day, day);
        return valid != null && valid > 0;
    }
}
