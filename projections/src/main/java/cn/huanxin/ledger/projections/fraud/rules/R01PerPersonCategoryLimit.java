package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.KeyedRows;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R01 一人一类限购: one person subsidised for more items of one product category in one calendar
 * year (Asia/Shanghai) than the policy allows — one per category, three air conditioners from 2025,
 * as the 国家发展改革委/财政部 notices on the appliance and digital programmes set it; public
 * reporting on 以旧换新 骗补 cases describes one identity claiming a category again and again,
 * through borrowed identities (冒用身份) or merchants splitting orders. The limit is the one of the
 * period in force on the grant's date ({@link PolicyPeriod#limitFor(ProductCategory)}), or
 * {@code default-limit} outside every period; every grant counts, reversed or not, because docs/fraud-rules.md
 * has R01 read {@code SubsidyGranted} only and a reversal after a double claim is usually its
 * consequence, not a reason to forget it. One alert per person and year ({@code window} the year),
 * naming every grant counted.
 */
public final class R01PerPersonCategoryLimit implements FraudRule {

    static final String ID = "R01";

    private static final Set<Programme> PROGRAMMES = EnumSet.of(Programme.APPLIANCE, Programme.DIGITAL,
            Programme.EBIKE);

    private final int defaultLimit;
    private final RuleDescriptor descriptor;

    public R01PerPersonCategoryLimit(RuleSettings settings) {
        this.defaultLimit = settings.integer(ID, "default-limit", 1);
        if (defaultLimit < 1) {
            throw new IllegalArgumentException("R01.default-limit must be at least 1");
        }
        this.descriptor = new RuleDescriptor(ID, "一人一类限购 per-person category limit", Severity.HIGH,
                Set.of(SubsidyGranted.class), List.of("fraud_r01_grant"))
                .withParameter("default-limit", Integer.toString(defaultLimit))
                .withParameter("limits", "policy table: per-person-limit, per-person-limit-by-category")
                // the batches read fraud_r01_grant by person only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r01_grant_pkey", "fraud_r01_grant", "subsidy_id"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r01_grant", "person_ref");
        Set<String> persons = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            SubsidyGranted granted = (SubsidyGranted) item.fact();
            if (granted.beneficiary().kind() == BeneficiaryKind.PERSON) {
                persons.add(granted.beneficiary().personRef().value());
            }
        }
        KeyedRows<String, Map<String, List<Grant>>> grants = memory.rows("fraud_r01_grant");
        grants.load(persons, unknown -> {
            Map<String, Map<String, List<Grant>>> read = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT subsidy_id, person_ref, category, grant_year, granted_at, "
                    + "ledger_event_id FROM fraud_r01_grant WHERE person_ref IN ", " ORDER BY granted_at, subsidy_id",
                    stored.mayHold(unknown), rs -> read.computeIfAbsent(rs.getString(2), person -> new HashMap<>())
                            .computeIfAbsent(key(rs.getString(3), rs.getInt(4)), k -> new ArrayList<>())
                            .add(new Grant(rs.getString(1), rs.getLong(5), rs.getString(6))));
            return read;
        }, person -> new HashMap<>());
        return new Batch(grants, jdbc, stored);
    }

    /** A person's grants of one category in one year, within their map. */
    private static String key(String category, int year) {
        return category + "|" + year;
    }

    /** One grant counted, as table {@code fraud_r01_grant} keeps it. */
    private record Grant(String subsidyId, long grantedAt, String ledgerEventId) {
    }

    private static final Comparator<Grant> ORDER = Comparator.comparingLong(Grant::grantedAt)
            .thenComparing(Grant::subsidyId);

    /** The grants of the batch's people, by person, then by category and year, in the table's order. */
    private final class Batch implements RuleBatch {

        private final KeyedRows<String, Map<String, List<Grant>>> grants;
        private final JdbcTemplate jdbc;
        private final KeyFilter stored;

        Batch(KeyedRows<String, Map<String, List<Grant>>> grants, JdbcTemplate jdbc, KeyFilter stored) {
            this.grants = grants;
            this.jdbc = jdbc;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            SubsidyGranted granted = (SubsidyGranted) fact;
            if (!PROGRAMMES.contains(granted.programme()) || granted.beneficiary().kind() != BeneficiaryKind.PERSON) {
                return;
            }
            ProductCategory category = category(granted);
            if (category == null) {
                return;
            }
            String personRef = granted.beneficiary().personRef().value();
            LocalDate day = event.occurredOn();
            int year = day.getYear();
            String subsidyId = granted.subsidyId().value();

            List<Grant> counted = grants.get(personRef).computeIfAbsent(key(category.name(), year),
                    k -> new ArrayList<>());
            List<String> evidence = new ArrayList<>();
            boolean known = false;
            for (Grant grant : counted) {
                known |= subsidyId.equals(grant.subsidyId());
                evidence.add(grant.ledgerEventId());
            }
            if (!known) {
                long grantedAt = Bitemporal.micros(event.occurredAt());
                grants.write(personRef, "INSERT INTO fraud_r01_grant (subsidy_id, person_ref, category, grant_year, "
                                + "granted_at, ledger_event_id) VALUES (?,?,?,?,?,?)", subsidyId, personRef,
                        category.name(), year, grantedAt, event.ledgerEventId());
                stored.add(personRef);
                Sorted.insert(counted, new Grant(subsidyId, grantedAt, event.ledgerEventId()), ORDER);
                evidence.add(event.ledgerEventId());
            }
            int limit = context.policy().inForce(granted.programme(), day)
                    .map(period -> period.limitFor(category)).orElse(defaultLimit);
            if (evidence.size() > limit) {
                context.raise(new AlertDraft(ID, severity(), "person", personRef, Integer.toString(year),
                        granted.regionCode().value(),
                        "同一人" + year + "年" + category.name() + "类补贴" + evidence.size() + "件，超过每人限额" + limit + "件",
                        "one person received " + evidence.size() + " subsidies for " + category.name() + " in " + year
                                + ", above the per-person limit of " + limit,
                        evidence));
            }
        }

        @Override
        public void flush() {
            grants.flush(jdbc);
        }
    }

    /** The product category counted; an e-bike grant that names no product is an e-bike all the same. */
    private static ProductCategory category(SubsidyGranted granted) {
        if (granted.product() != null) {
            return granted.product().category();
        }
        return granted.programme() == Programme.EBIKE ? ProductCategory.EBIKE : null;
    }
}
