package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;

/**
 * A qualification change: mostly a qualification of the setup is revoked, otherwise a new dealer
 * joins the programme. Once the run's enterprise codes are used up, a case that would register a
 * dealer becomes an equipment renewal instead, so that the plan still reaches its size.
 */
final class QualificationChangeCases {

    private static final List<String> REVOCATION_REASONS = List.of("年度核查不合格", "危险废物经营许可证到期未续",
            "企业申请注销该项资质", "现场检查发现贮存设施不达标");

    private final GeneratorSupport support;
    private final EnterpriseSetup enterprises;
    private final EquipmentRenewalCases equipmentRenewals;

    QualificationChangeCases(GeneratorSupport support, EnterpriseSetup enterprises,
                             EquipmentRenewalCases equipmentRenewals) {
        this.support = support;
        this.enterprises = enterprises;
        this.equipmentRenewals = equipmentRenewals;
    }

    List<Draft> next(String county, LocalDate day) {
        if (enterprises.hasRevocable() && support.random().nextDouble() < 0.7) {
            EnterpriseSetup.Revocable revoked = enterprises.takeRevocable();
            ObjectNode payload = support.object();
            payload.put("enterpriseId", revoked.enterpriseId());
            payload.put("qualification", revoked.qualification());
            payload.put("revokedOn", day.toString());
            payload.put("reason", support.pick(REVOCATION_REASONS));
            return List.of(support.draft("QualificationRevoked", "enterprise:" + revoked.enterpriseId(),
                    support.at(day), payload));
        }
        if (!enterprises.canRegisterMore()) {
            return equipmentRenewals.next(county, day);
        }
        return enterprises.newDealer(county, day);
    }
}
