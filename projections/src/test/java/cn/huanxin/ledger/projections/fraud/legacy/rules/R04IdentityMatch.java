package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * R04 主体一致: the beneficiary of a trade-in subsidy is not the owner of the old item handed in —
 * the scrapped vehicle's registered owner (VIN) or the person who handed in the old appliance
 * ({@code returnId}). The vehicle scrap-and-replace rules of the Ministry of Commerce and its partner
 * ministries require the old car to be registered in the applicant's own name, and public reporting
 * on the 以旧换新 programme (public-security cases of 冒用他人身份 and of old cars or appliances bought
 * up to claim subsidies in other people's names, local audit findings on 骗补) shows this mismatch as
 * a common pattern. The rule judges a subsidy once both the grant and the old item's record are in,
 * in either order; it compares with the first record of the item (a second scrap certificate for one
 * VIN is R05's finding, not a new owner). An ENTERPRISE beneficiary never matches, because the
 * contract records every old item's owner as a natural person. Old items of kind EBIKE or EQUIPMENT
 * have no owner record and are not judged.
 */
public final class R04IdentityMatch implements FraudRule {

    static final String ID = "R04";

    public R04IdentityMatch(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "主体一致 identity match";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, VehicleScrapped.class, ApplianceCollected.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r04_claim", "fraud_r04_owner");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            granted(granted, event, context);
        } else if (fact instanceof VehicleScrapped scrapped) {
            owned(OldItemKind.VEHICLE, scrapped.vin().value(), scrapped.owner().personRef(), event, context);
        } else if (fact instanceof ApplianceCollected collected) {
            owned(OldItemKind.APPLIANCE, collected.returnId().toString(), collected.owner().personRef(), event,
                    context);
        }
    }

    private void granted(SubsidyGranted granted, RecordedEvent event, RuleContext context) {
        if (granted.oldItem() == null || !judged(granted.oldItem().kind())) {
            return;
        }
        JdbcTemplate jdbc = context.jdbc();
        Claim claim = new Claim(granted.subsidyId().toString(), granted.oldItem().kind(), granted.oldItem().ref(),
                granted.beneficiary().kind(), beneficiaryRef(granted.beneficiary()), event.ledgerEventId(),
                granted.regionCode().value());
        List<Owner> owners = jdbc.query("SELECT owner_ref, ledger_event_id FROM fraud_r04_owner "
                        + "WHERE item_kind = ? AND item_ref = ?",
                (rs, row) -> new Owner(rs.getString(1), rs.getString(2)), claim.itemKind().name(), claim.itemRef());
        if (!owners.isEmpty()) {
            judge(claim, owners.get(0), context);
            return;
        }
        Integer pending = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r04_claim WHERE subsidy_id = ?",
                Integer.class, claim.subsidyId());
        if (pending == null || pending == 0) {
            jdbc.update("INSERT INTO fraud_r04_claim (subsidy_id, item_kind, item_ref, beneficiary_kind, "
                            + "beneficiary_ref, ledger_event_id, region_code) VALUES (?,?,?,?,?,?,?)",
                    claim.subsidyId(), claim.itemKind().name(), claim.itemRef(), claim.beneficiaryKind().name(),
                    claim.beneficiaryRef(), claim.ledgerEventId(), claim.regionCode());
        }
    }

    private void owned(OldItemKind kind, String ref, Pseudonym ownerRef, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r04_owner WHERE item_kind = ? AND item_ref = ?",
                Integer.class, kind.name(), ref);
        if (known != null && known > 0) {
            return;
        }
        Owner owner = new Owner(ownerRef.value(), event.ledgerEventId());
        jdbc.update("INSERT INTO fraud_r04_owner (item_kind, item_ref, owner_ref, ledger_event_id) VALUES (?,?,?,?)",
                kind.name(), ref, owner.ownerRef(), owner.ledgerEventId());
        List<Claim> claims = jdbc.query("SELECT subsidy_id, beneficiary_kind, beneficiary_ref, ledger_event_id, "
                        + "region_code FROM fraud_r04_claim WHERE item_kind = ? AND item_ref = ? ORDER BY subsidy_id",
                (rs, row) -> new Claim(rs.getString(1), kind, ref, BeneficiaryKind.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5)), kind.name(), ref);
        for (Claim claim : claims) {
            judge(claim, owner, context);
        }
        if (!claims.isEmpty()) {
            jdbc.update("DELETE FROM fraud_r04_claim WHERE item_kind = ? AND item_ref = ?", kind.name(), ref);
        }
    }

    private void judge(Claim claim, Owner owner, RuleContext context) {
        boolean enterprise = claim.beneficiaryKind() == BeneficiaryKind.ENTERPRISE;
        if (!enterprise && claim.beneficiaryRef().equals(owner.ownerRef())) {
            return;
        }
        boolean vehicle = claim.itemKind() == OldItemKind.VEHICLE;
        String itemZh = vehicle ? "旧车（VIN " + claim.itemRef() + "）的登记车主" : "旧家电（交旧编号 " + claim.itemRef() + "）的交旧人";
        String itemEn = vehicle ? "the registered owner of the old vehicle (VIN " + claim.itemRef() + ")"
                : "the person who handed in the old appliance (returnId " + claim.itemRef() + ")";
        String zh = enterprise
                ? "补贴 " + claim.subsidyId() + " 的受益人是企业 " + claim.beneficiaryRef() + "，而" + itemZh + "是个人"
                : "补贴 " + claim.subsidyId() + " 的受益人与" + itemZh + "不是同一人";
        String en = enterprise
                ? "subsidy " + claim.subsidyId() + " goes to enterprise " + claim.beneficiaryRef() + ", but " + itemEn
                + " is a person"
                : "the beneficiary of subsidy " + claim.subsidyId() + " is not " + itemEn;
        context.raise(new AlertDraft(ID, Severity.HIGH, "subsidy", claim.subsidyId(), null, claim.regionCode(), zh, en,
                List.of(claim.ledgerEventId(), owner.ledgerEventId())));
    }

    private static boolean judged(OldItemKind kind) {
        return kind == OldItemKind.VEHICLE || kind == OldItemKind.APPLIANCE;
    }

    private static String beneficiaryRef(Beneficiary beneficiary) {
        return beneficiary.kind() == BeneficiaryKind.PERSON ? beneficiary.personRef().value()
                : beneficiary.enterpriseId().value();
    }

    private record Owner(String ownerRef, String ledgerEventId) {
    }

    private record Claim(String subsidyId, OldItemKind itemKind, String itemRef, BeneficiaryKind beneficiaryKind,
                         String beneficiaryRef, String ledgerEventId, String regionCode) {
    }
}
