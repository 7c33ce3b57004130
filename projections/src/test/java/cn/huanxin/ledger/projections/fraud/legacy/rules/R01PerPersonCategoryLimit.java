package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

    public R01PerPersonCategoryLimit(RuleSettings settings) {
        this.defaultLimit = settings.integer(ID, "default-limit", 1);
        if (defaultLimit < 1) {
            throw new IllegalArgumentException("R01.default-limit must be at least 1");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "一人一类限购 per-person category limit";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("default-limit", Integer.toString(defaultLimit));
        parameters.put("limits", "policy table: per-person-limit, per-person-limit-by-category");
        return parameters;
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r01_grant");
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

        List<String> evidence = new ArrayList<>();
        boolean known = false;
        for (Map<String, Object> row : context.jdbc().queryForList("SELECT subsidy_id, ledger_event_id "
                + "FROM fraud_r01_grant WHERE person_ref = ? AND category = ? AND grant_year = ? "
                + "ORDER BY granted_at, subsidy_id", personRef, category.name(), year)) {
            known |= subsidyId.equals(row.get("subsidy_id"));
            evidence.add((String) row.get("ledger_event_id"));
        }
        if (!known) {
            context.jdbc().update("INSERT INTO fraud_r01_grant (subsidy_id, person_ref, category, grant_year, "
                            + "granted_at, ledger_event_id) VALUES (?,?,?,?,?,?)", subsidyId, personRef,
                    category.name(), year, Bitemporal.micros(event.occurredAt()), event.ledgerEventId());
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

    /** The product category counted; an e-bike grant that names no product is an e-bike all the same. */
    private static ProductCategory category(SubsidyGranted granted) {
        if (granted.product() != null) {
            return granted.product().category();
        }
        return granted.programme() == Programme.EBIKE ? ProductCategory.EBIKE : null;
    }
}
