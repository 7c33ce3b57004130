package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
    private final RuleDescriptor descriptor;

    public R06ScrapEligibility(RuleSettings settings) {
        // The thresholds are the policy table's (ledger.policy.periods); R06 has no parameters of its own.
        this.descriptor = new RuleDescriptor(ID, "报废车资格 scrap eligibility", Severity.MEDIUM,
                Set.of(SubsidyGranted.class, VehicleScrapped.class), join.tables())
                .withParameter("policy", "policy table (ledger.policy.periods): registered-on-or-before, owned-before");
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        ScrapGrantJoin.Batch joined = join.begin(jdbc, events, memory);
        return new RuleBatch() {
            @Override
            public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
                decide(joined, fact, event, context);
            }

            @Override
            public void flush() {
                joined.flush();
            }
        };
    }

    private void decide(ScrapGrantJoin.Batch joined, LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            if (granted.programme() != Programme.VEHICLE_SCRAP) {
                return;
            }
            Optional<ScrapGrantJoin.Grant> grant = ScrapGrantJoin.Grant.of(granted, event);
            Optional<PolicyPeriod> period = context.policy().inForce(Programme.VEHICLE_SCRAP, event.occurredOn());
            if (grant.isEmpty() || period.isEmpty()) {
                return;
            }
            for (ScrapGrantJoin.Scrap scrap : joined.grant(grant.get())) {
                judge(grant.get(), scrap, period.get(), context);
            }
        } else if (fact instanceof VehicleScrapped scrapped) {
            ScrapGrantJoin.Scrap scrap = ScrapGrantJoin.Scrap.of(scrapped, event);
            for (ScrapGrantJoin.Grant grant : joined.scrap(scrap)) {
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
