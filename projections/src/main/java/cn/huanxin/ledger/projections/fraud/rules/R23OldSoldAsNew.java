package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.appliance.ApplianceCollected;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.OldItem;
import cn.huanxin.ledger.core.subsidy.OldItemKind;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.KeyFilter;
import cn.huanxin.ledger.projections.fraud.KeyedRows;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleMemory;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R23 以旧充新 old sold as new: a product sold new under the subsidy whose serial number is that of
 * an old item — an appliance of the same category collected as an old item (ApplianceCollected), or
 * the old item of another grant whose old item is EQUIPMENT (any category) — before or after the
 * sale. The 2024 provincial audit reports published in 2025 (Heilongjiang) found old machines and
 * appliances passed off as new with their nameplates swapped; a serial number seen once on the way
 * out of use and once on the way in as new is the trace such a swap leaves when the nameplate is not
 * changed, or is changed to another old one.
 * <p>
 * Serial numbers are compared exactly as posted; a blank one is no serial number. A grant's own old
 * item never matches its own product ("another grant"). Every grant counts, reversed or not, like
 * R03. One alert per {@code CATEGORY|serial} of the product sold (R03's subject, hashed the same way
 * when too long), raised when the second half of a pair is recorded, whichever it is; its evidence is
 * the sale first and then the old item's event, and a further sale or old item of the same serial
 * adds its pairs to the alert. The alert's region is the sale's.
 * <p>
 * State, per batch: the rows of {@code fraud_r23_item} (sold, collected and EQUIPMENT serial
 * numbers) for the serial numbers the batch's events name — a row or two per serial number.
 */
public final class R23OldSoldAsNew implements FraudRule {

    static final String ID = "R23";

    /** Which side of a pair a row of {@code fraud_r23_item} is. */
    enum Role {
        /** A product sold new in a grant, in its category. */
        SOLD,
        /** An appliance collected as an old item, in its category. */
        COLLECTED,
        /** The old item of a grant, of kind EQUIPMENT: matches any category. */
        EQUIPMENT
    }

    /** The category of an EQUIPMENT row, which matches every category. */
    private static final String ANY_CATEGORY = "*";

    private final RuleDescriptor descriptor;

    public R23OldSoldAsNew(RuleSettings settings) {
        // R23 has no parameters (RULES.md); the constructor keeps the shape every rule has.
        this.descriptor = new RuleDescriptor(ID, "以旧充新 old sold as new", Severity.HIGH,
                Set.of(SubsidyGranted.class, ApplianceCollected.class), List.of("fraud_r23_item"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    private static String serial(String serialNo) {
        return serialNo == null || serialNo.isBlank() ? null : serialNo;
    }

    private static String soldSerial(SubsidyGranted granted) {
        Product product = granted.product();
        return product == null ? null : serial(product.serialNo());
    }

    private static String equipmentRef(SubsidyGranted granted) {
        OldItem oldItem = granted.oldItem();
        return oldItem == null || oldItem.kind() != OldItemKind.EQUIPMENT ? null : serial(oldItem.ref());
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r23_item", "serial_no");
        Set<String> serials = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyGranted granted) {
                String sold = soldSerial(granted);
                String equipment = equipmentRef(granted);
                if (sold != null) {
                    serials.add(sold);
                }
                if (equipment != null) {
                    serials.add(equipment);
                }
            } else if (item.fact() instanceof ApplianceCollected collected && serial(collected.serialNo()) != null) {
                serials.add(collected.serialNo());
            }
        }
        KeyedRows<String, List<Item>> items = memory.rows("fraud_r23_item");
        items.load(serials, unknown -> {
            Map<String, List<Item>> read = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT serial_no, item_role, category, ledger_event_id, subsidy_id, "
                    + "region_code, occurred_at FROM fraud_r23_item WHERE serial_no IN ", "", stored.mayHold(unknown),
                    rs -> read.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Item(Role.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getLong(7))));
            read.values().forEach(list -> list.sort(ORDER));
            return read;
        }, serial -> new ArrayList<>());
        return new Batch(items, jdbc, stored);
    }

    /** One row of {@code fraud_r23_item}. */
    private record Item(Role role, String category, String ledgerEventId, String subsidyId, String regionCode,
                        long occurredAt) {
    }

    private static final Comparator<Item> ORDER = Comparator.comparingLong(Item::occurredAt)
            .thenComparing(Item::ledgerEventId);

    /** The items of the batch's serial numbers, by occurredAt then ledger event id. */
    private final class Batch implements RuleBatch {

        private final KeyedRows<String, List<Item>> items;
        private final JdbcTemplate jdbc;
        private final KeyFilter stored;

        Batch(KeyedRows<String, List<Item>> items, JdbcTemplate jdbc, KeyFilter stored) {
            this.items = items;
            this.jdbc = jdbc;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            long occurredAt = Bitemporal.micros(event.occurredAt());
            if (fact instanceof ApplianceCollected collected) {
                String serialNo = serial(collected.serialNo());
                if (serialNo == null) {
                    return;
                }
                String category = collected.category().name();
                Item old = new Item(Role.COLLECTED, category, event.ledgerEventId(), null,
                        collected.regionCode().value(), occurredAt);
                List<Item> sales = items(serialNo).stream()
                        .filter(i -> i.role() == Role.SOLD && i.category().equals(category)).toList();
                if (!sales.isEmpty()) {
                    raise(category, serialNo, sales, List.of(old), context);
                }
                add(serialNo, old);
                return;
            }
            SubsidyGranted granted = (SubsidyGranted) fact;
            String subsidyId = granted.subsidyId().value();
            String region = granted.regionCode().value();
            String soldSerial = soldSerial(granted);
            if (soldSerial != null) {
                String category = granted.product().category().name();
                Item sale = new Item(Role.SOLD, category, event.ledgerEventId(), subsidyId, region, occurredAt);
                List<Item> olds = items(soldSerial).stream()
                        .filter(i -> i.role() == Role.COLLECTED && i.category().equals(category)
                                || i.role() == Role.EQUIPMENT && !subsidyId.equals(i.subsidyId()))
                        .toList();
                if (!olds.isEmpty()) {
                    raise(category, soldSerial, List.of(sale), olds, context);
                }
                add(soldSerial, sale);
            }
            String equipmentRef = equipmentRef(granted);
            if (equipmentRef != null) {
                Item old = new Item(Role.EQUIPMENT, ANY_CATEGORY, event.ledgerEventId(), subsidyId, region, occurredAt);
                // EQUIPMENT has no category: every category in which the serial number was sold new is a case.
                Map<String, List<Item>> salesByCategory = new LinkedHashMap<>();
                for (Item item : items(equipmentRef)) {
                    if (item.role() == Role.SOLD && !subsidyId.equals(item.subsidyId())) {
                        salesByCategory.computeIfAbsent(item.category(), k -> new ArrayList<>()).add(item);
                    }
                }
                salesByCategory.forEach((category, sales) -> raise(category, equipmentRef, sales, List.of(old), context));
                add(equipmentRef, old);
            }
        }

        private List<Item> items(String serialNo) {
            return items.get(serialNo);
        }

        private void add(String serialNo, Item item) {
            List<Item> known = items(serialNo);
            if (known.stream().anyMatch(i -> i.role() == item.role() && i.ledgerEventId().equals(item.ledgerEventId()))) {
                return;
            }
            Sorted.insert(known, item, ORDER);
            items.write(serialNo, "INSERT INTO fraud_r23_item (serial_no, item_role, category, ledger_event_id, "
                            + "subsidy_id, region_code, occurred_at) VALUES (?,?,?,?,?,?,?)", serialNo, item.role().name(),
                    item.category(), item.ledgerEventId(), item.subsidyId(), item.regionCode(), item.occurredAt());
            stored.add(serialNo);
        }

        /** One alert for the category and serial number: the sales first, then the old items. */
        private void raise(String category, String serialNo, List<Item> sales, List<Item> olds, RuleContext context) {
            List<String> evidence = new ArrayList<>();
            sales.forEach(sale -> evidence.add(sale.ledgerEventId()));
            olds.forEach(old -> evidence.add(old.ledgerEventId()));
            String kinds = olds.stream().map(old -> old.role() == Role.COLLECTED ? "collected" : "EQUIPMENT")
                    .distinct().reduce((a, b) -> a + " and " + b).orElseThrow();
            String kindsZh = olds.stream().map(old -> old.role() == Role.COLLECTED ? "已回收旧家电" : "设备类旧件")
                    .distinct().reduce((a, b) -> a + "、" + b).orElseThrow();
            context.raise(new AlertDraft(ID, Severity.HIGH, "serial", R03SerialNumberReuse.subject(category, serialNo),
                    null, sales.get(0).regionCode(),
                    category + " 序列号 " + serialNo + " 作为新品享受补贴，与" + kindsZh + "的序列号相同（以旧充新）",
                    category + " serial number " + serialNo + " was sold new under a subsidy and is the serial number of "
                            + "an old item (" + kinds + ")", evidence));
        }

        @Override
        public void flush() {
            items.flush(jdbc);
        }
    }
}
