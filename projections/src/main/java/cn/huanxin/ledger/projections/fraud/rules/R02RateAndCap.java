package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * R02 补贴标准核算: a subsidy whose amount is not what the policy table gives for its programme,
 * date, energy grade and price, a digital product above the price limit, or a category not eligible
 * that year; public reporting on the programme — audit findings (审计署) on the trade-in funds and
 * 市场监管 cases of prices raised before the discount — describes subsidies paid over the standard,
 * for ineligible products and on inflated prices. APPLIANCE and DIGITAL must get min(rate × price,
 * cap) rounded half up to the fen (the rate by energy grade where the period lists grades, a grade
 * not listed getting nothing), within {@code tolerance} for merchants that round differently;
 * VEHICLE_SCRAP the fixed amount for a new NEV or fuel car; VEHICLE_REPLACEMENT and EBIKE at most
 * their cap. A grant outside every period of its programme is R07's, programmes the table does not
 * cover are not judged, and the rule keeps no state. One alert per subsidy, naming every breach.
 */
public final class R02RateAndCap implements FraudRule {

    static final String ID = "R02";

    private final BigDecimal tolerance;
    private final RuleDescriptor descriptor;

    public R02RateAndCap(RuleSettings settings) {
        this.tolerance = settings.decimal(ID, "tolerance", new BigDecimal("0.01"));
        if (tolerance.signum() < 0) {
            throw new IllegalArgumentException("R02.tolerance must not be negative");
        }
        this.descriptor = new RuleDescriptor(ID, "补贴标准核算 rate and cap", Severity.HIGH,
                Set.of(SubsidyGranted.class), List.of())
                .withParameter("tolerance", tolerance.toPlainString())
                .withParameter("policy", "policy table (ledger.policy.periods)");
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        SubsidyGranted granted = (SubsidyGranted) fact;
        Optional<PolicyPeriod> inForce = context.policy().inForce(granted.programme(), event.occurredOn());
        if (inForce.isEmpty()) {
            return;
        }
        List<Breach> breaches = switch (granted.programme()) {
            case APPLIANCE, DIGITAL -> rated(granted, inForce.get());
            case VEHICLE_SCRAP -> scrap(granted, inForce.get());
            case VEHICLE_REPLACEMENT -> replacement(granted, inForce.get());
            default -> capped(granted, inForce.get());
        };
        if (breaches.isEmpty()) {
            return;
        }
        context.raise(new AlertDraft(ID, severity(), "subsidy", granted.subsidyId().value(), null,
                granted.regionCode().value(),
                "补贴" + granted.subsidyId() + "不符合补贴标准：" + String.join("；", breaches.stream().map(Breach::zh).toList()),
                "subsidy " + granted.subsidyId() + " breaks the subsidy standard: "
                        + String.join("; ", breaches.stream().map(Breach::en).toList()),
                List.of(event.ledgerEventId())));
    }

    /** APPLIANCE and DIGITAL: eligible category, price limit, min(rate × price, cap). */
    private List<Breach> rated(SubsidyGranted granted, PolicyPeriod period) {
        List<Breach> breaches = new ArrayList<>();
        Product product = granted.product();
        if (product == null) {
            breaches.add(new Breach("未载明产品及价格，无法核算", "no product and price to compute the amount from"));
            return breaches;
        }
        if (!period.categories().isEmpty() && !period.categories().contains(product.category())) {
            breaches.add(notEligible(product.category(), period));
            return breaches;
        }
        if (period.maxPrice() != null && product.price().compareTo(period.maxPrice()) > 0) {
            breaches.add(new Breach("售价" + product.price() + "元超过" + period.maxPrice() + "元上限",
                    "price " + product.price() + " is above the limit of " + period.maxPrice()));
        }
        BigDecimal rate = rate(product, period);
        BigDecimal expected = BigDecimal.ZERO.setScale(2);
        if (rate != null) {
            expected = product.price().toYuan().multiply(rate);
            if (period.capPerItem() != null) {
                expected = expected.min(period.capPerItem().toYuan());
            }
            expected = expected.setScale(2, RoundingMode.HALF_UP);
        }
        if (differs(granted.amount(), expected)) {
            String grade = product.energyGrade() == null ? "none" : product.energyGrade().toString();
            breaches.add(new Breach("金额" + granted.amount() + "元，按标准应为" + expected.toPlainString()
                    + "元（能效等级" + grade + "，售价" + product.price() + "元）",
                    "amount " + granted.amount() + " where the standard gives " + expected.toPlainString()
                            + " (energy grade " + grade + ", price " + product.price() + ")"));
        }
        return breaches;
    }

    /** The rate for the product: by energy grade where the period lists grades, else the flat rate. */
    private static BigDecimal rate(Product product, PolicyPeriod period) {
        if (!period.ratesByEnergyGrade().isEmpty()) {
            return product.energyGrade() == null ? null : period.ratesByEnergyGrade().get(product.energyGrade());
        }
        return period.rate();
    }

    /** VEHICLE_SCRAP: the fixed amount for the new car's kind. */
    private List<Breach> scrap(SubsidyGranted granted, PolicyPeriod period) {
        Product product = granted.product();
        if (product == null) {
            // The new car is not named: either fixed amount is plausible, anything else is not.
            boolean either = (period.nevAmount() != null && !differs(granted.amount(), period.nevAmount().toYuan()))
                    || (period.fuelAmount() != null && !differs(granted.amount(), period.fuelAmount().toYuan()));
            return either ? List.of() : List.of(new Breach("金额" + granted.amount() + "元不是报废更新补贴标准金额",
                    "amount " + granted.amount() + " is neither scrap-and-replace amount"));
        }
        if (!product.category().isCar()) {
            return List.of(notEligible(product.category(), period));
        }
        Money standard = product.category() == ProductCategory.CAR_NEV ? period.nevAmount() : period.fuelAmount();
        if (standard != null && differs(granted.amount(), standard.toYuan())) {
            return List.of(new Breach("金额" + granted.amount() + "元，" + product.category() + "标准为" + standard + "元",
                    "amount " + granted.amount() + " where the standard for " + product.category() + " is " + standard));
        }
        return List.of();
    }

    /** VEHICLE_REPLACEMENT: at most the cap for the new car's kind. */
    private List<Breach> replacement(SubsidyGranted granted, PolicyPeriod period) {
        Product product = granted.product();
        Money cap;
        if (product == null) {
            cap = larger(period.nevCap(), period.fuelCap());
        } else if (!product.category().isCar()) {
            return List.of(notEligible(product.category(), period));
        } else {
            cap = product.category() == ProductCategory.CAR_NEV ? period.nevCap() : period.fuelCap();
        }
        return overCap(granted, cap);
    }

    /** Programmes with only a cap per item (EBIKE): eligible category and at most the cap. */
    private List<Breach> capped(SubsidyGranted granted, PolicyPeriod period) {
        Product product = granted.product();
        if (product != null && !period.categories().isEmpty() && !period.categories().contains(product.category())) {
            return List.of(notEligible(product.category(), period));
        }
        return overCap(granted, period.capPerItem());
    }

    private List<Breach> overCap(SubsidyGranted granted, Money cap) {
        if (cap != null && granted.amount().toYuan().subtract(cap.toYuan()).compareTo(tolerance) > 0) {
            return List.of(new Breach("金额" + granted.amount() + "元超过上限" + cap + "元",
                    "amount " + granted.amount() + " is above the cap of " + cap));
        }
        return List.of();
    }

    private static Breach notEligible(ProductCategory category, PolicyPeriod period) {
        return new Breach(category + "不在" + period.validFrom() + "起的补贴品类内",
                category + " is not an eligible category in the period from " + period.validFrom());
    }

    private boolean differs(Money amount, BigDecimal expected) {
        return amount.toYuan().subtract(expected).abs().compareTo(tolerance) > 0;
    }

    private static Money larger(Money a, Money b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private record Breach(String zh, String en) {
    }
}
