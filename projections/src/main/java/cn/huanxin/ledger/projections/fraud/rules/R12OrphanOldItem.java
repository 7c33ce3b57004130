package cn.huanxin.ledger.projections.fraud.rules;

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
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
    private final RuleDescriptor descriptor;

    public R12OrphanOldItem(RuleSettings settings) {
        this.collectionDays = BurstWindows.requireAtLeast(settings.integer(ID, "collection-days", 7), 0, ID,
                "collection-days");
        this.dismantlingDays = BurstWindows.requireAtLeast(settings.integer(ID, "dismantling-days", 30), 0, ID,
                "dismantling-days");
        this.descriptor = new RuleDescriptor(ID, "交旧无去向 orphan old item", Severity.MEDIUM,
                Set.of(SubsidyGranted.class, ApplianceCollected.class, ApplianceDismantled.class,
                        QualificationGranted.class, QualificationRevoked.class),
                List.of("fraud_r12_grant", "fraud_r12_collected", "fraud_r12_qualification", "fraud_r12_revocation"))
                .withParameter("collection-days", Integer.toString(collectionDays))
                .withParameter("dismantling-days", Integer.toString(dismantlingDays));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        Filters stored = new Filters(memory.keys(jdbc, "fraud_r12_grant", "return_id"),
                memory.keys(jdbc, "fraud_r12_grant", "subsidy_id"), memory.keys(jdbc, "fraud_r12_collected", "return_id"));
        Set<String> returnIds = new LinkedHashSet<>();
        Set<String> subsidies = new LinkedHashSet<>();
        Set<String> enterprises = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                if (granted.oldItem() != null && granted.oldItem().kind() == OldItemKind.APPLIANCE) {
                    returnIds.add(granted.oldItem().ref());
                    subsidies.add(granted.subsidyId().toString());
                }
            } else if (item.fact() instanceof ApplianceCollected collected) {
                returnIds.add(collected.returnId().toString());
            } else if (item.fact() instanceof ApplianceDismantled dismantled) {
                returnIds.add(dismantled.returnId().toString());
                enterprises.add(dismantled.dismantlerId().value());
            } else {
                String enterprise = processors.enterpriseOf(item.fact());
                if (enterprise != null) {
                    enterprises.add(enterprise);
                }
            }
        }
        Batch batch = new Batch(jdbc, processors.begin(jdbc, enterprises), stored);
        PendingWrites.select(jdbc, "SELECT subsidy_id, return_id, due_on, ledger_event_id, region_code "
                + "FROM fraud_r12_grant WHERE return_id IN ", "", stored.grantReturns().mayHold(returnIds),
                rs -> batch.grants.loaded(rs.getString(1), waiting(rs)));
        PendingWrites.select(jdbc, "SELECT subsidy_id, return_id, due_on, ledger_event_id, region_code "
                + "FROM fraud_r12_grant WHERE subsidy_id IN ", "", stored.grantSubsidies().mayHold(subsidies), rs -> {
            if (batch.grants.get(rs.getString(1)) == null) {
                batch.grants.loaded(rs.getString(1), waiting(rs));
            }
        });
        PendingWrites.select(jdbc, "SELECT return_id, collected_on, due_on, ledger_event_id, region_code "
                + "FROM fraud_r12_collected WHERE return_id IN ", "", stored.collectedReturns().mayHold(returnIds),
                rs -> batch.collected.loaded(rs.getString(1), collectedRow(rs)));
        return batch;
    }

    /** Which keys R12's tables may have rows of: the grants' return ids and subsidies, the collections' return ids. */
    private record Filters(KeyFilter grantReturns, KeyFilter grantSubsidies, KeyFilter collectedReturns) {
    }

    private static Waiting waiting(ResultSet rs) throws SQLException {
        return new Waiting(rs.getString("return_id"), rs.getObject("due_on", LocalDate.class),
                rs.getString("ledger_event_id"), rs.getString("region_code"));
    }

    private static Collected collectedRow(ResultSet rs) throws SQLException {
        return new Collected(rs.getObject("collected_on", LocalDate.class), rs.getObject("due_on", LocalDate.class),
                rs.getString("ledger_event_id"), rs.getString("region_code"));
    }

    /** One row of {@code fraud_r12_grant}: a subsidy waiting for its old appliance's collection. */
    private record Waiting(String returnId, LocalDate dueOn, String ledgerEventId, String regionCode) {
    }

    /** One row of {@code fraud_r12_collected}; {@code dueOn} is null once dismantled or alerted. */
    private record Collected(LocalDate collectedOn, LocalDate dueOn, String ledgerEventId, String regionCode) {
    }

    /** The grants and collections of the batch's old appliances; the daily check scans after writing them. */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final QualificationTable.Batch qualified;
        private final NetRows<String, Waiting> grants = new NetRows<>(
                "INSERT INTO fraud_r12_grant (subsidy_id, return_id, due_on, ledger_event_id, region_code) "
                        + "VALUES (?,?,?,?,?)",
                (id, w) -> new Object[]{id, w.returnId(), w.dueOn(), w.ledgerEventId(), w.regionCode()},
                "UPDATE fraud_r12_grant SET return_id = ?, due_on = ?, ledger_event_id = ?, region_code = ? "
                        + "WHERE subsidy_id = ?",
                (id, w) -> new Object[]{w.returnId(), w.dueOn(), w.ledgerEventId(), w.regionCode(), id},
                "DELETE FROM fraud_r12_grant WHERE subsidy_id = ?", id -> new Object[]{id});
        private final NetRows<String, Collected> collected = new NetRows<>(
                "INSERT INTO fraud_r12_collected (return_id, collected_on, due_on, ledger_event_id, region_code) "
                        + "VALUES (?,?,?,?,?)",
                (id, c) -> new Object[]{id, c.collectedOn(), c.dueOn(), c.ledgerEventId(), c.regionCode()},
                "UPDATE fraud_r12_collected SET due_on = ? WHERE return_id = ?",
                (id, c) -> new Object[]{c.dueOn(), id},
                "DELETE FROM fraud_r12_collected WHERE return_id = ?", id -> new Object[]{id});
        /** Subsidies by return id, for the collection that removes their wait. */
        private final Map<String, Set<String>> grantsByReturn = new HashMap<>();

        private final Filters stored;

        Batch(JdbcTemplate jdbc, QualificationTable.Batch qualified, Filters stored) {
            this.jdbc = jdbc;
            this.qualified = qualified;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof SubsidyGranted granted) {
                granted(granted, event);
            } else if (fact instanceof ApplianceCollected collection) {
                collected(collection, event);
            } else if (fact instanceof ApplianceDismantled dismantled) {
                dismantled(dismantled, event, context);
            } else {
                qualified.on(fact, event);
            }
        }

        private void granted(SubsidyGranted granted, RecordedEvent event) {
            if (granted.programme() != Programme.APPLIANCE || granted.oldItem() == null
                    || granted.oldItem().kind() != OldItemKind.APPLIANCE) {
                return;
            }
            String returnId = granted.oldItem().ref();
            String subsidyId = granted.subsidyId().toString();
            if (collected.contains(returnId) || grants.contains(subsidyId)) {
                return;
            }
            grants.put(subsidyId, new Waiting(returnId, event.occurredOn().plusDays(collectionDays),
                    event.ledgerEventId(), granted.regionCode().value()));
            stored.grantReturns().add(returnId);
            stored.grantSubsidies().add(subsidyId);
        }

        private void collected(ApplianceCollected collection, RecordedEvent event) {
            String returnId = collection.returnId().toString();
            if (collected.contains(returnId)) {
                return;
            }
            collected.put(returnId, new Collected(collection.collectedOn(),
                    collection.collectedOn().plusDays(dismantlingDays), event.ledgerEventId(),
                    collection.regionCode().value()));
            stored.collectedReturns().add(returnId);
            // Every waiting grant of this return id was read for the batch, or added by it.
            grants.keys().stream().filter(id -> grants.get(id) != null && grants.get(id).returnId().equals(returnId))
                    .toList().forEach(grants::remove);
        }

        private void dismantled(ApplianceDismantled dismantled, RecordedEvent event, RuleContext context) {
            String returnId = dismantled.returnId().toString();
            Collected open = collected.get(returnId);
            if (open == null || open.dueOn() == null) {
                return;
            }
            collected.put(returnId, new Collected(open.collectedOn(), null, open.ledgerEventId(), open.regionCode()));
            if (qualified.validOn(dismantled.dismantlerId(), dismantled.dismantledOn())) {
                return;
            }
            String dismantler = dismantled.dismantlerId().value();
            context.raise(new AlertDraft(ID, Severity.MEDIUM, "appliance", returnId, null, open.regionCode(),
                    "旧家电（交旧编号 " + returnId + "）由企业 " + dismantler + " 拆解，该企业在拆解日 "
                            + dismantled.dismantledOn() + " 不具备有效的废弃电器电子产品处理资格",
                    "old appliance " + returnId + " was dismantled by " + dismantler
                            + ", which held no valid WEEE_PROCESSING on " + dismantled.dismantledOn(),
                    List.of(open.ledgerEventId(), event.ledgerEventId())));
        }

        @Override
        public void onNewDay(LocalDate today, RuleContext context) {
            // The scans must see the batch's grants and collections so far.
            grants.flush(jdbc);
            collected.flush(jdbc);
            List<String> ids = new ArrayList<>();
            List<Waiting> overdue = new ArrayList<>();
            jdbc.query("SELECT subsidy_id, return_id, due_on, ledger_event_id, region_code FROM fraud_r12_grant "
                    + "WHERE due_on < ? ORDER BY due_on, subsidy_id", rs -> {
                ids.add(rs.getString(1));
                overdue.add(waiting(rs));
            }, today);
            for (int i = 0; i < ids.size(); i++) {
                String subsidyId = ids.get(i);
                Waiting grant = overdue.get(i);
                String returnId = grant.returnId();
                context.raise(new AlertDraft(ID, Severity.MEDIUM, "subsidy", subsidyId, null, grant.regionCode(),
                        "以旧换新补贴 " + subsidyId + " 的旧家电（交旧编号 " + returnId + "）在发放后 " + collectionDays
                                + " 天内未见回收记录",
                        "the old appliance (returnId " + returnId + ") of subsidy " + subsidyId
                                + " was not collected within " + collectionDays + " days after the grant",
                        List.of(grant.ledgerEventId())));
                grants.scanned(subsidyId, grant);
                grants.remove(subsidyId);
            }
            List<String> returnIds = new ArrayList<>();
            List<Collected> late = new ArrayList<>();
            jdbc.query("SELECT return_id, collected_on, due_on, ledger_event_id, region_code FROM fraud_r12_collected "
                    + "WHERE due_on < ? ORDER BY due_on, return_id", rs -> {
                returnIds.add(rs.getString(1));
                late.add(collectedRow(rs));
            }, today);
            for (int i = 0; i < returnIds.size(); i++) {
                String returnId = returnIds.get(i);
                Collected collection = late.get(i);
                context.raise(new AlertDraft(ID, Severity.MEDIUM, "appliance", returnId, null,
                        collection.regionCode(),
                        "旧家电（交旧编号 " + returnId + "）回收后 " + dismantlingDays
                                + " 天内未由具备废弃电器电子产品处理资格的企业拆解",
                        "old appliance " + returnId + " was not dismantled by a holder of WEEE_PROCESSING within "
                                + dismantlingDays + " days of collection",
                        List.of(collection.ledgerEventId())));
                collected.scanned(returnId, collection);
                collected.put(returnId, new Collected(collection.collectedOn(), null, collection.ledgerEventId(),
                        collection.regionCode()));
            }
        }

        @Override
        public void flush() {
            grants.flush(jdbc);
            collected.flush(jdbc);
            qualified.flush();
        }
    }
}
