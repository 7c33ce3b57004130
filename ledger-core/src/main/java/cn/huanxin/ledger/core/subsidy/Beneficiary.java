package cn.huanxin.ledger.core.subsidy;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.Pseudonym;

import java.util.Objects;

/**
 * Who receives a subsidy: a person, known only by the pseudonym of the ID number, or an enterprise,
 * known by its unified social credit code. Exactly one of the two is present, as {@code kind} says.
 */
public record Beneficiary(BeneficiaryKind kind, Pseudonym personRef, EnterpriseId enterpriseId) {

    public Beneficiary {
        Objects.requireNonNull(kind, "kind");
        if (kind == BeneficiaryKind.PERSON && (personRef == null || enterpriseId != null)) {
            throw new IllegalArgumentException("a PERSON beneficiary has a personRef and no enterpriseId");
        }
        if (kind == BeneficiaryKind.ENTERPRISE && (enterpriseId == null || personRef != null)) {
            throw new IllegalArgumentException("an ENTERPRISE beneficiary has an enterpriseId and no personRef");
        }
    }

    public static Beneficiary person(Pseudonym personRef) {
        return new Beneficiary(BeneficiaryKind.PERSON, personRef, null);
    }

    public static Beneficiary enterprise(EnterpriseId enterpriseId) {
        return new Beneficiary(BeneficiaryKind.ENTERPRISE, null, enterpriseId);
    }
}
