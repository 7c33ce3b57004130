package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.ReturnId;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;

import java.time.LocalDate;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.REGION;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;

/**
 * Grants by merchants (with a product, its price and serial number, and an old item) and collected
 * appliances, built with the real ledger-core records, for the tests of R22, R23 and R24.
 */
final class MerchantFacts {

    static final EnterpriseId MERCHANT_A = ChainFacts.enterprise(101);
    static final EnterpriseId MERCHANT_B = ChainFacts.enterprise(102);
    static final EnterpriseId MERCHANT_C = ChainFacts.enterprise(103);

    private static int people;

    private MerchantFacts() {
    }

    static Sale sale(String subsidyId) {
        return new Sale(subsidyId);
    }

    /** A grant by a merchant; by default a Haier refrigerator at 3,000 yuan with a serial number of its own. */
    static final class Sale {
        private final String subsidyId;
        private Programme programme = Programme.APPLIANCE;
        private EnterpriseId merchant = MERCHANT_A;
        private ProductCategory category = ProductCategory.REFRIGERATOR;
        private String brand = "海尔";
        private String model = "BCD-470WGHTD";
        private String serialNo;
        private String price = "3000.00";
        private OldItem oldItem;

        private Sale(String subsidyId) {
            this.subsidyId = subsidyId;
            this.serialNo = "SN-" + subsidyId;
        }

        Sale by(EnterpriseId value) {
            merchant = value;
            return this;
        }

        Sale programme(Programme value) {
            programme = value;
            return this;
        }

        Sale model(ProductCategory categoryValue, String brandValue, String modelValue) {
            category = categoryValue;
            brand = brandValue;
            model = modelValue;
            return this;
        }

        Sale serial(String value) {
            serialNo = value;
            return this;
        }

        Sale price(String value) {
            price = value;
            return this;
        }

        Sale oldItem(OldItemKind kind, String ref) {
            oldItem = new OldItem(kind, ref);
            return this;
        }

        SubsidyGranted build() {
            return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of("FUND-2024-" + REGION), RegionCode.of(REGION),
                    programme, Beneficiary.person(ref(1000 + ++people)), merchant,
                    new Product(category, brand, model, serialNo, 1, Money.parse(price)), "INV-" + subsidyId,
                    Money.parse("500.00"), oldItem, null, null);
        }
    }

    /** A grant without a merchant (a vehicle scrap subsidy paid by the programme). */
    static SubsidyGranted withoutMerchant(String subsidyId) {
        return new SubsidyGranted(SubsidyId.of(subsidyId), FundId.of("FUND-2024-" + REGION), RegionCode.of(REGION),
                Programme.APPLIANCE, Beneficiary.person(ref(1000 + ++people)), null,
                new Product(ProductCategory.REFRIGERATOR, "海尔", "BCD-470WGHTD", "SN-" + subsidyId, 1,
                        Money.parse("9000.00")), "INV-" + subsidyId, Money.parse("500.00"), null, null, null);
    }

    static ApplianceCollected collected(String returnId, ProductCategory category, String serialNo, String on) {
        return new ApplianceCollected(ReturnId.of(returnId), category, "容声", "BCD-180", serialNo,
                new NaturalPerson(ref(2000 + ++people)), ChainFacts.DEALER, LocalDate.parse(on), RegionCode.of(REGION),
                null);
    }
}
