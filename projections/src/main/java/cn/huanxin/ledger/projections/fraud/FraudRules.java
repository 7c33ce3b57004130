package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.projections.fraud.rules.R01PerPersonCategoryLimit;
import cn.huanxin.ledger.projections.fraud.rules.R02RateAndCap;
import cn.huanxin.ledger.projections.fraud.rules.R03SerialNumberReuse;
import cn.huanxin.ledger.projections.fraud.rules.R04IdentityMatch;
import cn.huanxin.ledger.projections.fraud.rules.R05VehicleSubsidyUniqueness;
import cn.huanxin.ledger.projections.fraud.rules.R06ScrapEligibility;
import cn.huanxin.ledger.projections.fraud.rules.R07PolicyWindow;
import cn.huanxin.ledger.projections.fraud.rules.R08AddressHoarding;
import cn.huanxin.ledger.projections.fraud.rules.R09SharedPayeeAccount;
import cn.huanxin.ledger.projections.fraud.rules.R10InvoiceReuse;
import cn.huanxin.ledger.projections.fraud.rules.R11OutOfRegion;
import cn.huanxin.ledger.projections.fraud.rules.R12OrphanOldItem;
import cn.huanxin.ledger.projections.fraud.rules.R13ElvClosure;
import cn.huanxin.ledger.projections.fraud.rules.R14ReverseInvoiceIssuer;
import cn.huanxin.ledger.projections.fraud.rules.R15ReverseInvoiceCap;
import cn.huanxin.ledger.projections.fraud.rules.R16ReverseInvoiceTax;
import cn.huanxin.ledger.projections.fraud.rules.R17QuotaOverdraw;
import cn.huanxin.ledger.projections.fraud.rules.R18OverPayment;
import cn.huanxin.ledger.projections.fraud.rules.R19PaymentDeadline;
import cn.huanxin.ledger.projections.fraud.rules.R20LateUpload;
import cn.huanxin.ledger.projections.fraud.rules.R21IneligibleVehicleClass;
import cn.huanxin.ledger.projections.fraud.rules.R22CampaignPriceMarkup;
import cn.huanxin.ledger.projections.fraud.rules.R23OldSoldAsNew;
import cn.huanxin.ledger.projections.fraud.rules.R24MerchantBurst;

import java.util.List;
import java.util.function.Function;

/**
 * Every fraud rule of the ledger, in rule-id order: the one list the live view and investigations
 * build their rules from. A new rule class is added here by hand; {@code FraudRulesTest} fails while
 * a rule class of the {@code rules} package is missing from the list, so that a rule cannot be written and
 * silently never run.
 */
public final class FraudRules {

    private static final List<Entry<?>> RULES = List.of(
            new Entry<>(R01PerPersonCategoryLimit.class, R01PerPersonCategoryLimit::new),
            new Entry<>(R02RateAndCap.class, R02RateAndCap::new),
            new Entry<>(R03SerialNumberReuse.class, R03SerialNumberReuse::new),
            new Entry<>(R04IdentityMatch.class, R04IdentityMatch::new),
            new Entry<>(R05VehicleSubsidyUniqueness.class, R05VehicleSubsidyUniqueness::new),
            new Entry<>(R06ScrapEligibility.class, R06ScrapEligibility::new),
            new Entry<>(R07PolicyWindow.class, R07PolicyWindow::new),
            new Entry<>(R08AddressHoarding.class, R08AddressHoarding::new),
            new Entry<>(R09SharedPayeeAccount.class, R09SharedPayeeAccount::new),
            new Entry<>(R10InvoiceReuse.class, R10InvoiceReuse::new),
            new Entry<>(R11OutOfRegion.class, R11OutOfRegion::new),
            new Entry<>(R12OrphanOldItem.class, R12OrphanOldItem::new),
            new Entry<>(R13ElvClosure.class, R13ElvClosure::new),
            new Entry<>(R14ReverseInvoiceIssuer.class, R14ReverseInvoiceIssuer::new),
            new Entry<>(R15ReverseInvoiceCap.class, R15ReverseInvoiceCap::new),
            new Entry<>(R16ReverseInvoiceTax.class, R16ReverseInvoiceTax::new),
            new Entry<>(R17QuotaOverdraw.class, R17QuotaOverdraw::new),
            new Entry<>(R18OverPayment.class, R18OverPayment::new),
            new Entry<>(R19PaymentDeadline.class, R19PaymentDeadline::new),
            new Entry<>(R20LateUpload.class, R20LateUpload::new),
            new Entry<>(R21IneligibleVehicleClass.class, R21IneligibleVehicleClass::new),
            new Entry<>(R22CampaignPriceMarkup.class, R22CampaignPriceMarkup::new),
            new Entry<>(R23OldSoldAsNew.class, R23OldSoldAsNew::new),
            new Entry<>(R24MerchantBurst.class, R24MerchantBurst::new));

    private FraudRules() {
    }

    /**
     * Every rule, built with the given settings, in rule-id order.
     *
     * @throws IllegalStateException naming the rule class, when a rule refuses its settings
     */
    public static List<FraudRule> all(RuleSettings settings) {
        return RULES.stream().<FraudRule>map(entry -> entry.build(settings)).toList();
    }

    /**
     * A rule class with its constructor. The class is kept beside the constructor so that a refusal
     * names the rule that refused, as operators see it when the ledger will not start.
     */
    private record Entry<R extends FraudRule>(Class<R> type, Function<RuleSettings, R> constructor) {

        R build(RuleSettings settings) {
            try {
                return constructor.apply(settings);
            } catch (RuntimeException e) {
                throw new IllegalStateException("rule " + type.getSimpleName() + " refused its settings: "
                        + e.getMessage(), e);
            }
        }
    }
}
