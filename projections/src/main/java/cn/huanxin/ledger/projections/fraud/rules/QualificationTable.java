package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The enterprise a grant or revocation of this table's kind concerns, or {@code null}. */
    String enterpriseOf(LedgerFact fact) {
        if (fact instanceof QualificationGranted granted && granted.qualification() == kind) {
            return granted.enterpriseId().value();
        }
        if (fact instanceof QualificationRevoked revoked && revoked.qualification() == kind) {
            return revoked.enterpriseId().value();
        }
        return null;
    }

    /** Starts a batch: reads the grants and revocations of the enterprises the batch names. */
    Batch begin(JdbcTemplate jdbc, Set<String> enterprises) {
        Batch batch = new Batch(jdbc);
        PendingWrites.select(jdbc, "SELECT ledger_event_id, enterprise_id, valid_from, valid_to FROM " + grants
                + " WHERE enterprise_id IN ", "", enterprises, rs -> batch.grant(rs.getString(1), rs.getString(2),
                rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class)));
        PendingWrites.select(jdbc, "SELECT ledger_event_id, enterprise_id, revoked_on FROM " + revocations
                + " WHERE enterprise_id IN ", "", enterprises, rs -> batch.revocation(rs.getString(1),
                rs.getString(2), rs.getObject(3, LocalDate.class)));
        return batch;
    }

    private record Grant(LocalDate validFrom, LocalDate validTo) {
    }

    /** The qualifications of one batch's enterprises, with the batch's own grants and revocations. */
    final class Batch {

        private final Set<String> known = new HashSet<>();
        private final Map<String, List<Grant>> grantsOf = new HashMap<>();
        private final Map<String, List<LocalDate>> revocationsOf = new HashMap<>();
        private final PendingWrites writes;

        private Batch(JdbcTemplate jdbc) {
            this.writes = new PendingWrites(jdbc);
        }

        private void grant(String ledgerEventId, String enterprise, LocalDate validFrom, LocalDate validTo) {
            known.add("g" + ledgerEventId);
            grantsOf.computeIfAbsent(enterprise, k -> new ArrayList<>()).add(new Grant(validFrom, validTo));
        }

        private void revocation(String ledgerEventId, String enterprise, LocalDate revokedOn) {
            known.add("r" + ledgerEventId);
            revocationsOf.computeIfAbsent(enterprise, k -> new ArrayList<>()).add(revokedOn);
        }

        /** Records a grant or revocation of this table's kind; other facts and kinds are ignored. */
        void on(LedgerFact fact, RecordedEvent event) {
            if (fact instanceof QualificationGranted granted && granted.qualification() == kind) {
                if (!known.contains("g" + event.ledgerEventId())) {
                    writes.add("INSERT INTO " + grants + " (ledger_event_id, enterprise_id, valid_from, valid_to) "
                                    + "VALUES (?,?,?,?)", event.ledgerEventId(), granted.enterpriseId().value(),
                            granted.validFrom(), granted.validTo());
                    grant(event.ledgerEventId(), granted.enterpriseId().value(), granted.validFrom(),
                            granted.validTo());
                }
            } else if (fact instanceof QualificationRevoked revoked && revoked.qualification() == kind) {
                if (!known.contains("r" + event.ledgerEventId())) {
                    writes.add("INSERT INTO " + revocations + " (ledger_event_id, enterprise_id, revoked_on) "
                            + "VALUES (?,?,?)", event.ledgerEventId(), revoked.enterpriseId().value(), revoked.revokedOn());
                    revocation(event.ledgerEventId(), revoked.enterpriseId().value(), revoked.revokedOn());
                }
            }
        }

        boolean validOn(EnterpriseId enterprise, LocalDate day) {
            List<LocalDate> revoked = revocationsOf.getOrDefault(enterprise.value(), List.of());
            for (Grant grant : grantsOf.getOrDefault(enterprise.value(), List.of())) {
                if (grant.validFrom().isAfter(day) || (grant.validTo() != null && grant.validTo().isBefore(day))) {
                    continue;
                }
                boolean ended = revoked.stream().anyMatch(on -> !on.isAfter(day) && !on.isBefore(grant.validFrom()));
                if (!ended) {
                    return true;
                }
            }
            return false;
        }

        void flush() {
            writes.flush();
        }
    }
}
