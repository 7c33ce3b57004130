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

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * R07 时窗: a subsidy granted on a day (Asia/Shanghai, from {@code occurredAt}) when no policy period
 * of its programme was in force, or a scrap subsidy for a car scrapped before the period that
 * contains the grant began. Each national notice (国家发展改革委/财政部/商务部) opens its programme
 * on a stated date; public reporting on the programme describes back-dated applications and cars
 * scrapped earlier being claimed under a later, richer period. Programmes the table does not cover
 * at all (e.g. HOME_RENOVATION, set locally) are not judged; the scrap date is judged once both the
 * grant and the VehicleScrapped record of its {@code oldItem} VIN are recorded, in either order.
 * One alert per subsidy, naming the grant and, where it is the finding, the scrap record.
 */
public final class R07PolicyWindow implements FraudRule {

    static final String ID = "R07";

    private final ScrapGrantJoin join = new ScrapGrantJoin("fraud_r07");
    private final RuleDescriptor descriptor;

    public R07PolicyWindow(RuleSettings settings) {
        // The periods are the policy table's (ledger.policy.periods); R07 has no parameters of its own.
        this.descriptor = new RuleDescriptor(ID, "时窗 policy window", Severity.MEDIUM,
                Set.of(SubsidyGranted.class, VehicleScrapped.class), join.tables())
                .withParameter("policy", "policy table (ledger.policy.periods): valid-from, valid-to");
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
            granted(joined, granted, event, context);
        } else if (fact instanceof VehicleScrapped scrapped) {
            ScrapGrantJoin.Scrap scrap = ScrapGrantJoin.Scrap.of(scrapped, event);
            for (ScrapGrantJoin.Grant grant : joined.scrap(scrap)) {
                context.policy().inForce(grant.programme(), grant.grantedOn())
                        .ifPresent(period -> judgeScrapDate(grant, scrap, period, context));
            }
        }
    }

    private void granted(ScrapGrantJoin.Batch joined, SubsidyGranted granted, RecordedEvent event, RuleContext context) {
        List<PolicyPeriod> periods = context.policy().periodsOf(granted.programme());
        if (periods.isEmpty()) {
            return;
        }
        Optional<PolicyPeriod> inForce = periods.stream().filter(p -> p.contains(event.occurredOn())).findFirst();
        if (inForce.isEmpty()) {
            String id = granted.subsidyId().value();
            context.raise(new AlertDraft(ID, severity(), "subsidy", id, null, granted.regionCode().value(),
                    granted.programme() + "补贴" + id + "发放于" + event.occurredOn() + "，不在任何政策期内",
                    granted.programme() + " subsidy " + id + " granted on " + event.occurredOn()
                            + ", outside every policy period of the programme",
                    List.of(event.ledgerEventId())));
            return;
        }
        if (granted.programme() != Programme.VEHICLE_SCRAP) {
            return;
        }
        Optional<ScrapGrantJoin.Grant> grant = ScrapGrantJoin.Grant.of(granted, event);
        if (grant.isPresent()) {
            for (ScrapGrantJoin.Scrap scrap : joined.grant(grant.get())) {
                judgeScrapDate(grant.get(), scrap, inForce.get(), context);
            }
        }
    }

    private void judgeScrapDate(ScrapGrantJoin.Grant grant, ScrapGrantJoin.Scrap scrap, PolicyPeriod period,
                                RuleContext context) {
        if (!scrap.scrappedOn().isBefore(period.validFrom())) {
            return;
        }
        context.raise(new AlertDraft(ID, severity(), "subsidy", grant.subsidyId(), null, grant.regionCode(),
                "报废更新补贴" + grant.subsidyId() + "的旧车" + scrap.vin() + "于" + scrap.scrappedOn()
                        + "报废，早于所属政策期起始日" + period.validFrom(),
                "scrap subsidy " + grant.subsidyId() + ": old vehicle " + scrap.vin() + " was scrapped on "
                        + scrap.scrappedOn() + ", before its policy period began on " + period.validFrom(),
                List.of(grant.ledgerEventId(), scrap.ledgerEventId())));
    }
}
