package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.vehicle.VehicleScrapped;
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
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private final RuleDescriptor descriptor;

    public R04IdentityMatch(RuleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.descriptor = new RuleDescriptor(ID, "主体一致 identity match", Severity.HIGH,
                Set.of(SubsidyGranted.class, VehicleScrapped.class, ApplianceCollected.class),
                List.of("fraud_r04_claim", "fraud_r04_owner"))
                // the batches read fraud_r04_owner by item reference only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r04_owner_pkey", "fraud_r04_owner",
                        "item_kind, item_ref"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter owners = memory.keys(jdbc, "fraud_r04_owner", "item_ref");
        KeyFilter claimedItems = memory.keys(jdbc, "fraud_r04_claim", "item_ref");
        KeyFilter claimedSubsidies = memory.keys(jdbc, "fraud_r04_claim", "subsidy_id");
        Set<String> items = new LinkedHashSet<>();
        Set<String> subsidies = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                if (granted.oldItem() != null && judged(granted.oldItem().kind())) {
                    items.add(granted.oldItem().ref());
                    subsidies.add(granted.subsidyId().toString());
                }
            } else if (item.fact() instanceof VehicleScrapped scrapped) {
                items.add(scrapped.vin().value());
            } else if (item.fact() instanceof ApplianceCollected collected) {
                items.add(collected.returnId().toString());
            }
        }
        Batch batch = new Batch(jdbc, owners, claimedItems, claimedSubsidies);
        PendingWrites.select(jdbc, "SELECT item_kind, item_ref, owner_ref, ledger_event_id FROM fraud_r04_owner "
                + "WHERE item_ref IN ", "", owners.mayHold(items), rs -> batch.owners.put(
                new Item(OldItemKind.valueOf(rs.getString(1)), rs.getString(2)),
                new Owner(rs.getString(3), rs.getString(4))));
        PendingWrites.select(jdbc, "SELECT subsidy_id, item_kind, item_ref, beneficiary_kind, beneficiary_ref, "
                + "ledger_event_id, region_code FROM fraud_r04_claim WHERE item_ref IN ", "", claimedItems.mayHold(items), rs -> {
            Claim claim = new Claim(rs.getString(1), OldItemKind.valueOf(rs.getString(2)), rs.getString(3),
                    BeneficiaryKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7));
            batch.claims.put(claim.subsidyId(), claim);
        });
        // A pending claim of a subsidy whose old item the batch does not name still counts as known.
        subsidies.removeAll(batch.claims.keySet());
        PendingWrites.select(jdbc, "SELECT subsidy_id FROM fraud_r04_claim WHERE subsidy_id IN ", "",
                claimedSubsidies.mayHold(subsidies),
                rs -> batch.otherClaims.add(rs.getString(1)));
        return batch;
    }

    private record Item(OldItemKind kind, String ref) {
    }

    /** The owners and pending claims of the batch's old items. */
    private final class Batch implements RuleBatch {

        private final Map<Item, Owner> owners = new HashMap<>();
        /** Pending claims by subsidy, in the table. */
        private final Map<String, Claim> claims = new LinkedHashMap<>();
        /** Subsidies with a pending claim on an old item the batch does not name. */
        private final Set<String> otherClaims = new HashSet<>();
        private final JdbcTemplate jdbc;
        private final PendingWrites ownerWrites;
        /** Claims the batch added, in order, and old items whose stored claims it resolved. */
        private final Set<String> newClaims = new LinkedHashSet<>();
        private final Set<Item> deletedItems = new LinkedHashSet<>();
        /** Which keys the tables may have rows of. */
        private final KeyFilter storedOwners;
        private final KeyFilter claimedItems;
        private final KeyFilter claimedSubsidies;

        Batch(JdbcTemplate jdbc, KeyFilter storedOwners, KeyFilter claimedItems, KeyFilter claimedSubsidies) {
            this.jdbc = jdbc;
            this.ownerWrites = new PendingWrites(jdbc);
            this.storedOwners = storedOwners;
            this.claimedItems = claimedItems;
            this.claimedSubsidies = claimedSubsidies;
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
            Claim claim = new Claim(granted.subsidyId().toString(), granted.oldItem().kind(), granted.oldItem().ref(),
                    granted.beneficiary().kind(), beneficiaryRef(granted.beneficiary()), event.ledgerEventId(),
                    granted.regionCode().value());
            Owner owner = owners.get(new Item(claim.itemKind(), claim.itemRef()));
            if (owner != null) {
                judge(claim, owner, context);
                return;
            }
            if (!claims.containsKey(claim.subsidyId()) && !otherClaims.contains(claim.subsidyId())) {
                claims.put(claim.subsidyId(), claim);
                newClaims.add(claim.subsidyId());
            }
        }

        private void owned(OldItemKind kind, String ref, Pseudonym ownerRef, RecordedEvent event,
                           RuleContext context) {
            Item item = new Item(kind, ref);
            if (owners.containsKey(item)) {
                return;
            }
            Owner owner = new Owner(ownerRef.value(), event.ledgerEventId());
            ownerWrites.add("INSERT INTO fraud_r04_owner (item_kind, item_ref, owner_ref, ledger_event_id) "
                    + "VALUES (?,?,?,?)", kind.name(), ref, owner.ownerRef(), owner.ledgerEventId());
            storedOwners.add(ref);
            owners.put(item, owner);
            List<Claim> matching = claims.values().stream()
                    .filter(c -> c.itemKind() == kind && c.itemRef().equals(ref)).toList();
            Map<String, Integer> rank = Sorted.ranks(jdbc, matching.stream().map(Claim::subsidyId).toList());
            List<Claim> waiting = matching.stream().sorted(Comparator.comparing(c -> rank.get(c.subsidyId()))).toList();
            for (Claim claim : waiting) {
                judge(claim, owner, context);
            }
            if (!waiting.isEmpty()) {
                // Claims the batch added are simply not written; those in the table are deleted at flush.
                if (waiting.stream().anyMatch(claim -> !newClaims.contains(claim.subsidyId()))) {
                    deletedItems.add(item);
                }
                waiting.forEach(claim -> {
                    claims.remove(claim.subsidyId());
                    newClaims.remove(claim.subsidyId());
                });
            }
        }

        @Override
        public void flush() {
            ownerWrites.flush();
            PendingWrites.batch(jdbc, "DELETE FROM fraud_r04_claim WHERE item_kind = ? AND item_ref = ?",
                    deletedItems.stream().map(item -> new Object[]{item.kind().name(), item.ref()}).toList());
            PendingWrites.batch(jdbc, "INSERT INTO fraud_r04_claim (subsidy_id, item_kind, item_ref, beneficiary_kind, "
                    + "beneficiary_ref, ledger_event_id, region_code) VALUES (?,?,?,?,?,?,?)", newClaims.stream()
                    .map(claims::get).map(c -> new Object[]{c.subsidyId(), c.itemKind().name(), c.itemRef(),
                            c.beneficiaryKind().name(), c.beneficiaryRef(), c.ledgerEventId(), c.regionCode()})
                    .toList());
            for (String subsidyId : newClaims) {
                claimedItems.add(claims.get(subsidyId).itemRef());
                claimedSubsidies.add(subsidyId);
            }
            deletedItems.clear();
            newClaims.clear();
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
