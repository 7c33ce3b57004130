package cn.huanxin.ledger.projections.fraud.policy;

import cn.huanxin.ledger.core.subsidy.Programme;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The effective-dated policy table: for a programme and a business date, the period in force. A
 * rule that needs "the rule in force" looks it up by the event's business date, so any grant can
 * be judged under the rules of its day.
 */
public record PolicyTable(List<PolicyPeriod> periods) {

    public PolicyTable {
        periods = List.copyOf(periods);
        for (int i = 0; i < periods.size(); i++) {
            for (int j = i + 1; j < periods.size(); j++) {
                PolicyPeriod a = periods.get(i);
                PolicyPeriod b = periods.get(j);
                if (a.programme() == b.programme() && !a.validTo().isBefore(b.validFrom())
                        && !b.validTo().isBefore(a.validFrom())) {
                    throw new IllegalArgumentException("policy periods of " + a.programme() + " overlap: "
                            + a.validFrom() + " and " + b.validFrom());
                }
            }
        }
    }

    public Optional<PolicyPeriod> inForce(Programme programme, LocalDate day) {
        return periods.stream().filter(p -> p.programme() == programme && p.contains(day)).findFirst();
    }

    public List<PolicyPeriod> periodsOf(Programme programme) {
        return periods.stream().filter(p -> p.programme() == programme).toList();
    }
}
