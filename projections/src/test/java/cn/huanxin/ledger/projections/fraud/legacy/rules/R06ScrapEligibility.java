package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * R06 报废车资格: a scrap-and-replace subsidy for an old car the policy in force did not cover —
 * registered after the latest date for its fuel, or owned by the applicant only since on or after
 * the cutoff. The 国家发展改革委/财政部 notices of 2024 and 2025 set both conditions, the ownership
 * cutoff so that cars bought after the announcement just to be scrapped do not qualify; public
 * reporting on 骗补 describes exactly such claims. The grant is judged under the VEHICLE_SCRAP
 * period that contains its own date (outside every period it is R07's) against each VehicleScrapped
 * record of its {@code oldItem} VIN, whichever is recorded first waiting in this rule's tables for
 * the other. One alert per subsidy, naming the grant and the scrap record.
 */
public final class R06ScrapEligibility implements FraudRule {

    static final String ID = "R06";

    private final ScrapGrantJoin join = new ScrapGrantJoin("fraud_r06");

    public R06ScrapEligibility(RuleSettings settings) {
        // The thresholds are the policy table's (docs/domain.md); R06 has no parameters of its own.
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "报废车资格 scrap eligibility";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, VehicleScrapped.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("policy", "policy table (ledger.policy.periods): registered-on-or-before, owned-before");
    }

    @Override
    public List<String> tables() {
        return join.tables();
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            if (granted.programme() != Programme.VEHICLE_SCRAP) {
                return;
            }
            Optional<ScrapGrantJoin.Grant> grant = ScrapGrantJoin.Grant.of(granted, event);
            Optional<PolicyPeriod> period = context.policy().inForce(Programme.VEHICLE_SCRAP, event.occurredOn());
            if (grant.isEmpty() || period.isEmpty()) {
                return;
            }
            for (ScrapGrantJoin.Scrap scrap : join.grant(context.jdbc(), grant.get())) {
                judge(grant.get(), scrap, period.get(), context);
            }
        } else if (fact instanceof VehicleScrapped scrapped) {
            ScrapGrantJoin.Scrap scrap = ScrapGrantJoin.Scrap.of(scrapped, event);
            for (ScrapGrantJoin.Grant grant : join.scrap(context.jdbc(), scrap)) {
                context.policy().inForce(grant.programme(), grant.grantedOn())
                        .ifPresent(period -> judge(grant, scrap, period, context));
            }
        }
    }

    private void judge(ScrapGrantJoin.Grant grant, ScrapGrantJoin.Scrap scrap, PolicyPeriod period,
                       RuleContext context) {
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        LocalDate latest = period.registeredOnOrBefore().get(scrap.fuel());
        if (latest != null && scrap.registeredOn().isAfter(latest)) {
            zh.add(scrap.fuel() + "车辆注册于" + scrap.registeredOn() + "，晚于" + latest);
            en.add(scrap.fuel() + " vehicle registered on " + scrap.registeredOn() + ", after " + latest);
        }
        if (period.ownedBefore() != null && !scrap.ownedSince().isBefore(period.ownedBefore())) {
            zh.add("自" + scrap.ownedSince() + "起持有，未早于" + period.ownedBefore());
            en.add("owned since " + scrap.ownedSince() + ", not before " + period.ownedBefore());
        }
        if (zh.isEmpty()) {
            return;
        }
        context.raise(new AlertDraft(ID, severity(), "subsidy", grant.subsidyId(), null, grant.regionCode(),
                "报废更新补贴" + grant.subsidyId() + "的旧车" + scrap.vin() + "不符合" + period.validFrom()
                        + "起政策：" + String.join("；", zh),
                "scrap subsidy " + grant.subsidyId() + ": old vehicle " + scrap.vin()
                        + " is not eligible under the policy from " + period.validFrom() + ": " + String.join("; ", en),
                List.of(grant.ledgerEventId(), scrap.ledgerEventId())));
    }
}
