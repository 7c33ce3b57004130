package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleClass;
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
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * R21 车型不符: a scrap or replacement subsidy whose old vehicle is not a small or micro passenger
 * car ({@code eligible-classes}). The national vehicle trade-in rules restrict both consumer
 * subsidies to those classes, trucks and buses having their own schemes (diesel-truck elimination,
 * new-energy buses); public reporting on 骗补 describes vehicles of other classes claimed for the
 * consumer subsidy. The class is the one on the VehicleScrapped record of the subsidy's
 * {@code oldItem} VIN, judged once both are recorded, in either order; a replacement whose old car
 * was sold rather than scrapped has no scrap record and is not judged. One alert per subsidy,
 * naming the grant and the scrap record.
 */
public final class R21IneligibleVehicleClass implements FraudRule {

    static final String ID = "R21";

    private final ScrapGrantJoin join = new ScrapGrantJoin("fraud_r21");
    private final Set<VehicleClass> eligible;
    private final RuleDescriptor descriptor;

    public R21IneligibleVehicleClass(RuleSettings settings) {
        String classes = settings.text(ID, "eligible-classes", "SMALL_PASSENGER,MICRO_PASSENGER");
        try {
            this.eligible = Arrays.stream(classes.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(VehicleClass::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(VehicleClass.class)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("R21.eligible-classes must list vehicle classes, e.g. SMALL_PASSENGER");
        }
        if (eligible.isEmpty()) {
            throw new IllegalArgumentException("R21.eligible-classes must list at least one vehicle class");
        }
        this.descriptor = new RuleDescriptor(ID, "车型不符 ineligible vehicle class", Severity.HIGH,
                Set.of(SubsidyGranted.class, VehicleScrapped.class), join.tables())
                .withParameter("eligible-classes", eligibleText());
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    private String eligibleText() {
        return eligible.stream().map(Enum::name).collect(Collectors.joining(","));
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
            if (granted.programme() != Programme.VEHICLE_SCRAP && granted.programme() != Programme.VEHICLE_REPLACEMENT) {
                return;
            }
            Optional<ScrapGrantJoin.Grant> grant = ScrapGrantJoin.Grant.of(granted, event);
            if (grant.isPresent()) {
                for (ScrapGrantJoin.Scrap scrap : joined.grant(grant.get())) {
                    judge(grant.get(), scrap, context);
                }
            }
        } else if (fact instanceof VehicleScrapped scrapped) {
            ScrapGrantJoin.Scrap scrap = ScrapGrantJoin.Scrap.of(scrapped, event);
            for (ScrapGrantJoin.Grant grant : joined.scrap(scrap)) {
                judge(grant, scrap, context);
            }
        }
    }

    private void judge(ScrapGrantJoin.Grant grant, ScrapGrantJoin.Scrap scrap, RuleContext context) {
        if (eligible.contains(scrap.vehicleClass())) {
            return;
        }
        context.raise(new AlertDraft(ID, severity(), "subsidy", grant.subsidyId(), null, grant.regionCode(),
                grant.programme() + "补贴" + grant.subsidyId() + "的旧车" + scrap.vin() + "车型为"
                        + scrap.vehicleClass() + "，不在补贴车型" + eligibleText() + "之内",
                grant.programme() + " subsidy " + grant.subsidyId() + ": old vehicle " + scrap.vin() + " is a "
                        + scrap.vehicleClass() + ", not one of the eligible classes " + eligibleText(),
                List.of(grant.ledgerEventId(), scrap.ledgerEventId())));
    }
}
