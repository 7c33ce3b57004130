package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Product;
import cn.huanxin.ledger.core.subsidy.Programme;
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
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R03 一机多卖: one physical product — one serial number within its product category — behind more
 * than one subsidy, or an appliance or digital subsidy that names no serial number, which would hide
 * the same trick; 一机多卖 is how public reporting and 公安 cases on 以旧换新 骗补 describe merchants
 * registering one machine, or a list of serial numbers, for several buyers' subsidies. Serial
 * numbers are compared exactly as posted, and every grant counts, reversed or not (docs/fraud-rules.md has R03
 * read {@code SubsidyGranted} only). One alert per {@code CATEGORY|serial} naming every grant with
 * it, or per subsidy for a missing serial number; a subject longer than the alert table's 160
 * characters (serial numbers may have 256) names the serial by its SHA-256 instead.
 */
public final class R03SerialNumberReuse implements FraudRule {

    static final String ID = "R03";

    /** The width of {@code fraud_alert.subject_ref}. */
    private static final int MAX_SUBJECT_LENGTH = 160;

    private final RuleDescriptor descriptor;

    public R03SerialNumberReuse(RuleSettings settings) {
        // R03 has no parameters (docs/fraud-rules.md); the constructor keeps the shape every rule has.
        this.descriptor = new RuleDescriptor(ID, "一机多卖 serial number reuse", Severity.HIGH,
                Set.of(SubsidyGranted.class), List.of("fraud_r03_serial"))
                // the batches read fraud_r03_serial by serial number only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r03_serial_pkey", "fraud_r03_serial",
                        "category, serial_no, subsidy_id"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter stored = memory.keys(jdbc, "fraud_r03_serial", "serial_no");
        Set<String> serials = new LinkedHashSet<>();
        for (FraudEvent item : events) {
            Product product = ((SubsidyGranted) item.fact()).product();
            if (product != null && product.serialNo() != null && !product.serialNo().isBlank()) {
                serials.add(product.serialNo());
            }
        }
        KeyedRows<String, Map<String, List<Use>>> uses = memory.rows("fraud_r03_serial");
        uses.load(serials, unknown -> {
            Map<String, Map<String, List<Use>>> read = new HashMap<>();
            PendingWrites.select(jdbc, "SELECT category, serial_no, subsidy_id, ledger_event_id, occurred_at "
                    + "FROM fraud_r03_serial WHERE serial_no IN ", " ORDER BY occurred_at, subsidy_id",
                    stored.mayHold(unknown), rs -> read.computeIfAbsent(rs.getString(2), serial -> new HashMap<>())
                            .computeIfAbsent(rs.getString(1), category -> new ArrayList<>())
                            .add(new Use(rs.getString(3), rs.getString(4), rs.getLong(5))));
            return read;
        }, serial -> new HashMap<>());
        return new Batch(uses, jdbc, stored);
    }

    /** One subsidy that named the serial number, as table {@code fraud_r03_serial} keeps it. */
    private record Use(String subsidyId, String ledgerEventId, long occurredAt) {
    }

    private static final Comparator<Use> ORDER = Comparator.comparingLong(Use::occurredAt)
            .thenComparing(Use::subsidyId);

    /** The uses of the batch's serial numbers, by serial number and then category, in the table's order. */
    private final class Batch implements RuleBatch {

        private final KeyedRows<String, Map<String, List<Use>>> uses;
        private final JdbcTemplate jdbc;
        private final KeyFilter stored;

        Batch(KeyedRows<String, Map<String, List<Use>>> uses, JdbcTemplate jdbc, KeyFilter stored) {
            this.uses = uses;
            this.jdbc = jdbc;
            this.stored = stored;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            SubsidyGranted granted = (SubsidyGranted) fact;
            Product product = granted.product();
            String subsidyId = granted.subsidyId().value();
            if (product == null || product.serialNo() == null || product.serialNo().isBlank()) {
                if (granted.programme() == Programme.APPLIANCE || granted.programme() == Programme.DIGITAL) {
                    context.raise(new AlertDraft(ID, severity(), "subsidy", subsidyId, null, granted.regionCode().value(),
                            granted.programme() + "补贴" + subsidyId + "未登记产品序列号",
                            granted.programme() + " subsidy " + subsidyId + " names no product serial number",
                            List.of(event.ledgerEventId())));
                }
                return;
            }
            String category = product.category().name();
            String serialNo = product.serialNo();
            List<Use> known = uses.get(serialNo).computeIfAbsent(category, k -> new ArrayList<>());
            List<String> evidence = new ArrayList<>();
            boolean seen = false;
            for (Use use : known) {
                seen |= subsidyId.equals(use.subsidyId());
                evidence.add(use.ledgerEventId());
            }
            if (!seen) {
                long occurredAt = Bitemporal.micros(event.occurredAt());
                uses.write(serialNo, "INSERT INTO fraud_r03_serial (category, serial_no, subsidy_id, ledger_event_id, "
                        + "occurred_at) VALUES (?,?,?,?,?)", category, serialNo, subsidyId, event.ledgerEventId(),
                        occurredAt);
                stored.add(serialNo);
                Sorted.insert(known, new Use(subsidyId, event.ledgerEventId(), occurredAt), ORDER);
                evidence.add(event.ledgerEventId());
            }
            if (evidence.size() > 1) {
                context.raise(new AlertDraft(ID, severity(), "serial", subject(category, serialNo), null,
                        granted.regionCode().value(),
                        category + "序列号" + serialNo + "用于" + evidence.size() + "笔补贴（一机多卖）",
                        category + " serial number " + serialNo + " is behind " + evidence.size() + " subsidies",
                        evidence));
            }
        }

        @Override
        public void flush() {
            uses.flush(jdbc);
        }
    }

    static String subject(String category, String serialNo) {
        String subject = category + "|" + serialNo;
        if (subject.length() <= MAX_SUBJECT_LENGTH) {
            return subject;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(serialNo.getBytes(StandardCharsets.UTF_8));
            return category + "|sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
