package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.InvoiceNo;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.NaturalPerson;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.fund.FundAllocated;
import cn.huanxin.ledger.core.fund.FundReclaimed;
import cn.huanxin.ledger.core.invoice.InvoiceKind;
import cn.huanxin.ledger.core.invoice.InvoiceLine;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceVoided;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.ReversalReason;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
import cn.huanxin.ledger.core.subsidy.SubsidyReversed;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Facts for the tests of rules R14–R20: reverse invoices, qualifications, quotas, subsidies and payments. */
final class R14ToR20Facts {

    /** A recycler (valid GB 32100 check character). */
    static final String RECYCLER = "914403001922038216";
    /** Another enterprise, here a recycler without the right qualification. */
    static final String OTHER_RECYCLER = "91350100M000100Y43";
    static final String SELLER = "a".repeat(64);
    static final String OTHER_SELLER = "b".repeat(64);
    static final String PERSON = "c".repeat(64);
    static final String ACCOUNT = "d".repeat(64);
    static final String FUND = "FUND-2024-320812";
    static final String REGION = "320812";
    static final String OTHER_REGION = "320803";

    private R14ToR20Facts() {
    }

    static QualificationGranted qualified(String enterprise, Qualification qualification, String from, String to) {
        return new QualificationGranted(EnterpriseId.of(enterprise), qualification, "CERT-" + qualification.name(),
                LocalDate.parse(from), to == null ? null : LocalDate.parse(to));
    }

    static QualificationRevoked revoked(String enterprise, Qualification qualification, String on) {
        return new QualificationRevoked(EnterpriseId.of(enterprise), qualification, LocalDate.parse(on), "年度核查不合格");
    }

    /** An invoice with the tax of a seller far below the monthly threshold: no VAT, 0.5% withheld. */
    static ReverseInvoiceIssued invoice(String no, String issuer, String seller, String issuedOn, String amount) {
        Money exclVat = Money.parse(amount);
        Money withheld = Money.of(exclVat.toYuan().multiply(new BigDecimal("0.005"))
                .setScale(2, java.math.RoundingMode.HALF_UP));
        return invoice(no, issuer, seller, issuedOn, amount, "0", withheld.toString());
    }

    static ReverseInvoiceIssued invoice(String no, String issuer, String seller, String issuedOn, String amount,
                                        String vat, String incomeTaxWithheld) {
        return new ReverseInvoiceIssued(InvoiceNo.of(no), EnterpriseId.of(issuer), new NaturalPerson(Pseudonym.of(seller)),
                LocalDate.parse(issuedOn), InvoiceKind.ORDINARY,
                List.of(new InvoiceLine(ProductCategory.REFRIGERATOR, 2, new BigDecimal("110.5"), null)),
                Money.parse(amount), Money.parse(vat), Money.parse(incomeTaxWithheld));
    }

    static ReverseInvoiceVoided voided(String no, String on) {
        return new ReverseInvoiceVoided(InvoiceNo.of(no), LocalDate.parse(on), "过磅重量录入错误");
    }

    static FundAllocated allocated(String fund, String id, String region, String amount) {
        return new FundAllocated(FundId.of(fund), id, RegionCode.of(region), Money.parse(amount), "HCJ-2024-" + id);
    }

    static FundReclaimed reclaimed(String fund, String id, String region, String amount) {
        return new FundReclaimed(FundId.of(fund), id, RegionCode.of(region), Money.parse(amount), "HCJ-2024-" + id);
    }

    static SubsidyGranted granted(String subsidy, String amount) {
        return granted(subsidy, FUND, REGION, amount);
    }

    static SubsidyGranted granted(String subsidy, String fund, String region, String amount) {
        return new SubsidyGranted(SubsidyId.of(subsidy), FundId.of(fund), RegionCode.of(region), Programme.APPLIANCE,
                Beneficiary.person(Pseudonym.of(PERSON)), null, null, null, Money.parse(amount), null, null, null);
    }

    static SubsidyPaid paid(String subsidy, String paymentId, String amount, String paidOn) {
        return new SubsidyPaid(SubsidyId.of(subsidy), paymentId, Money.parse(amount), LocalDate.parse(paidOn),
                Pseudonym.of(ACCOUNT));
    }

    static SubsidyReversed reversed(String subsidy, String reversalId, String amount) {
        return new SubsidyReversed(SubsidyId.of(subsidy), reversalId, Money.parse(amount),
                ReversalReason.PRODUCT_RETURNED, null);
    }
}
