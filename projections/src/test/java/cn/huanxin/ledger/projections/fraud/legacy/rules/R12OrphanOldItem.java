package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.appliance.ApplianceDismantled;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R12 交旧无去向: the old appliance of a trade-in never reaches a qualified dismantler. (a) An APPLIANCE
 * subsidy whose old item (kind APPLIANCE, ref the {@code returnId}) has no ApplianceCollected within
 * T1 days (default 7, assumed) after the grant's business day — a collection recorded before the
 * grant counts; an APPLIANCE subsidy without an old item is not judged, because the programme also
 * subsidises purchases without a trade-in. (b) A collected appliance that is not dismantled within T2
 * days (default 30, assumed) of {@code collectedOn} by an enterprise holding WEEE_PROCESSING valid on
 * {@code dismantledOn}; a dismantling by an enterprise without it raises at once. The Ministry of
 * Commerce's notices on the appliance trade-in ask that old appliances go to qualified 废弃电器电子产品
 * 处理 enterprises, and public reporting on 骗补 describes "trade-ins" whose old item was only
 * photographed, never collected, or collected and resold instead of dismantled. Deadlines are judged
 * in event time: a collection or qualified dismantling counts if the view reads it before "now"
 * passes the due day. Qualifications are judged as known when the dismantling is recorded.
 * Hand-overs are not read: they do not close the chain, only a qualified dismantling does.
 */
public final class R12OrphanOldItem implements FraudRule {

    static final String ID = "R12";

    private final int collectionDays;
    private final int dismantlingDays;
    private final QualificationTable processors = new QualificationTable("fraud_r12",
            Qualification.WEEE_PROCESSING);

    public R12OrphanOldItem(RuleSettings settings) {
        this.collectionDays = BurstWindows.requireAtLeast(settings.integer(ID, "collection-days", 7), 0, ID,
                "collection-days");
        this.dismantlingDays = BurstWindows.requireAtLeast(settings.integer(ID, "dismantling-days", 30), 0, ID,
                "dismantling-days");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "交旧无去向 orphan old item";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(SubsidyGranted.class, ApplianceCollected.class, ApplianceDismantled.class,
                QualificationGranted.class, QualificationRevoked.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("collection-days", Integer.toString(collectionDays), "dismantling-days",
                Integer.toString(dismantlingDays));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r12_grant", "fraud_r12_collected", "fraud_r12_qualification", "fraud_r12_revocation");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof SubsidyGranted granted) {
            granted(granted, event, context);
        } else if (fact instanceof ApplianceCollected collected) {
            collected(collected, event, context);
        } else if (fact instanceof ApplianceDismantled dismantled) {
            dismantled(dismantled, event, context);
        } else {
            processors.on(fact, event, context.jdbc());
        }
    }

    @Override
    public void onNewDay(LocalDate today, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        List<Map<String, Object>> grants = jdbc.queryForList("SELECT subsidy_id, return_id, due_on, ledger_event_id, "
                + "region_code FROM fraud_r12_grant WHERE due_on < ? ORDER BY due_on, subsidy_id", today);
        for (Map<String, Object> grant : grants) {
            String subsidyId = (String) grant.get("subsidy_id");
            String returnId = (String) grant.get("return_id");
            context.raise(new AlertDraft(ID, Severity.MEDIUM, "subsidy", subsidyId, null,
                    (String) grant.get("region_code"),
                    "以旧换新补贴 " + subsidyId + " 的旧家电（交旧编号 " + returnId + "）在发放后 " + collectionDays
                            + " 天内未见回收记录",
                    "the old appliance (returnId " + returnId + ") of subsidy " + subsidyId
                            + " was not collected within " + collectionDays + " days after the grant",
                    List.of((String) grant.get("ledger_event_id"))));
            jdbc.update("DELETE FROM fraud_r12_grant WHERE subsidy_id = ?", subsidyId);
        }
        List<Map<String, Object>> collections = jdbc.queryForList("SELECT return_id, collected_on, ledger_event_id, "
                + "region_code FROM fraud_r12_collected WHERE due_on < ? ORDER BY due_on, return_id", today);
        for (Map<String, Object> collection : collections) {
            String returnId = (String) collection.get("return_id");
            context.raise(new AlertDraft(ID, Severity.MEDIUM, "appliance", returnId, null,
                    (String) collection.get("region_code"),
                    "旧家电（交旧编号 " + returnId + "）回收后 " + dismantlingDays + " 天内未由具备废弃电器电子产品处理资格的企业拆解",
                    "old appliance " + returnId + " was not dismantled by a holder of WEEE_PROCESSING within "
                            + dismantlingDays + " days of collection",
                    List.of((String) collection.get("ledger_event_id"))));
            jdbc.update("UPDATE fraud_r12_collected SET due_on = NULL WHERE return_id = ?", returnId);
        }
    }

    private void granted(SubsidyGranted granted, RecordedEvent event, RuleContext context) {
        if (granted.programme() != Programme.APPLIANCE || granted.oldItem() == null
                || granted.oldItem().kind() != OldItemKind.APPLIANCE) {
            return;
        }
        JdbcTemplate jdbc = context.jdbc();
        String returnId = granted.oldItem().ref();
        Integer collected = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r12_collected WHERE return_id = ?",
                Integer.class, returnId);
        Integer pending = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r12_grant WHERE subsidy_id = ?",
                Integer.class, granted.subsidyId().toString());
        if ((collected != null && collected > 0) || (pending != null && pending > 0)) {
            return;
        }
        jdbc.update("INSERT INTO fraud_r12_grant (subsidy_id, return_id, due_on, ledger_event_id, region_code) "
                        + "VALUES (?,?,?,?,?)", granted.subsidyId().toString(), returnId,
                event.occurredOn().plusDays(collectionDays), event.ledgerEventId(), granted.regionCode().value());
    }

    private void collected(ApplianceCollected collected, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        String returnId = collected.returnId().toString();
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM fraud_r12_collected WHERE return_id = ?",
                Integer.class, returnId);
        if (known != null && known > 0) {
            return;
        }
        jdbc.update("INSERT INTO fraud_r12_collected (return_id, collected_on, due_on, ledger_event_id, region_code) "
                        + "VALUES (?,?,?,?,?)", returnId, collected.collectedOn(),
                collected.collectedOn().plusDays(dismantlingDays), event.ledgerEventId(),
                collected.regionCode().value());
        jdbc.update("DELETE FROM fraud_r12_grant WHERE return_id = ?", returnId);
    }

    private void dismantled(ApplianceDismantled dismantled, RecordedEvent event, RuleContext context) {
        JdbcTemplate jdbc = context.jdbc();
        String returnId = dismantled.returnId().toString();
        List<Map<String, Object>> open = jdbc.queryForList("SELECT ledger_event_id, region_code FROM fraud_r12_collected "
                + "WHERE return_id = ? AND due_on IS NOT NULL", returnId);
        if (open.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE fraud_r12_collected SET due_on = NULL WHERE return_id = ?", returnId);
        if (processors.validOn(jdbc, dismantled.dismantlerId(), dismantled.dismantledOn())) {
            return;
        }
        String dismantler = dismantled.dismantlerId().value();
        context.raise(new AlertDraft(ID, Severity.MEDIUM, "appliance", returnId, null,
                (String) open.get(0).get("region_code"),
                "旧家电（交旧编号 " + returnId + "）由企业 " + dismantler + " 拆解，该企业在拆解日 "
                        + dismantled.dismantledOn() + " 不具备有效的废弃电器电子产品处理资格",
                "old appliance " + returnId + " was dismantled by " + dismantler
                        + ", which held no valid WEEE_PROCESSING on " + dismantled.dismantledOn(),
                List.of((String) open.get(0).get("ledger_event_id"), event.ledgerEventId())));
    }
}
