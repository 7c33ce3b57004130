package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.BeneficiaryKind;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import cn.huanxin.ledger.core.subsidy.SubsidyPaid;
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
import cn.huanxin.ledger.projections.fraud.rules.BurstWindows.Occurrence;
import cn.huanxin.ledger.projections.fraud.rules.BurstWindows.Window;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * R09 冒用身份: more than K distinct beneficiaries (default 3, assumed) paid into one payee account
 * within W calendar days (default 30). Public-security cases reported during the 以旧换新 programme
 * describe gangs that bought or borrowed other people's identity information, applied for subsidies
 * in their names and had the money paid into a few accounts they controlled; audit findings on
 * 骗补 describe the same funnel. A payment's beneficiary is the one its subsidy was granted to (the
 * grant always precedes its payments in the ledger; a payment whose grant lies outside an
 * investigation's slice cannot be attributed and is skipped). Days are the Asia/Shanghai calendar
 * days of each payment's {@code occurredAt}; a window is W days {@code s … s + W − 1}, anchored on the
 * earliest payment day that starts a window with K + 1 distinct beneficiaries. Payments inside a
 * burst's window add evidence to its alert; a new alert for the account needs K + 1 beneficiaries
 * outside the earlier bursts' windows. Enterprise beneficiaries count as distinct beneficiaries too.
 */
public final class R09SharedPayeeAccount implements FraudRule {

    static final String ID = "R09";

    private final int maxBeneficiaries;
    private final int windowDays;
    private final RuleDescriptor descriptor;

    public R09SharedPayeeAccount(RuleSettings settings) {
        this.maxBeneficiaries = BurstWindows.requireAtLeast(settings.integer(ID, "max-beneficiaries", 3), 1, ID,
                "max-beneficiaries");
        this.windowDays = BurstWindows.requireAtLeast(settings.integer(ID, "window-days", 30), 1, ID, "window-days");
        this.descriptor = new RuleDescriptor(ID, "冒用身份 shared payee account", Severity.HIGH,
                Set.of(SubsidyGranted.class, SubsidyPaid.class),
                List.of("fraud_r09_burst_member", "fraud_r09_burst", "fraud_r09_payment", "fraud_r09_subsidy"))
                .withParameter("max-beneficiaries", Integer.toString(maxBeneficiaries))
                .withParameter("window-days", Integer.toString(windowDays))
                // the batches read fraud_r09_payment by account and day only; its key guards what they ensure anyway
                .withDeferred(DeferredIndexes.primaryKey("fraud_r09_payment_pkey", "fraud_r09_payment",
                        "ledger_event_id"));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc, int evidenceBound, RuleMemory memory) {
        KeyFilter granted = memory.keys(jdbc, "fraud_r09_subsidy", "subsidy_id");
        // An account's bursts and their members are written only beside a payment to it, and no row of
        // this rule is ever deleted: an account without payments has no bursts either.
        KeyFilter paidAccounts = memory.keys(jdbc, "fraud_r09_payment", "account_ref");
        Set<String> paidSubsidies = new LinkedHashSet<>();
        Set<String> accounts = new LinkedHashSet<>();
        LocalDate first = null;
        LocalDate last = null;
        for (FraudEvent item : events) {
            if (item.fact() instanceof SubsidyPaid paid) {
                paidSubsidies.add(paid.subsidyId().toString());
                accounts.add(paid.payeeAccountRef().value());
                LocalDate day = item.event().occurredOn();
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        Batch batch = new Batch(jdbc, granted, paidAccounts);
        PendingWrites.select(jdbc, "SELECT subsidy_id, beneficiary_ref, region_code FROM fraud_r09_subsidy "
                + "WHERE subsidy_id IN ", "", granted.mayHold(paidSubsidies), rs -> batch.subsidies.put(rs.getString(1),
                new Subsidy(rs.getString(2), rs.getString(3))));
        List<String> paying = paidAccounts.mayHold(accounts);
        if (paying.isEmpty()) {
            return batch;
        }
        // Every window a payment of the batch looks at lies within W − 1 days of it on either side.
        LocalDate from = first.minusDays(windowDays - 1L);
        LocalDate to = last.plusDays(windowDays - 1L);
        PendingWrites.select(jdbc, List.of(from, to), "SELECT account_ref, ledger_event_id, paid_day, occurred_at, "
                        + "beneficiary_ref, region_code FROM fraud_r09_payment WHERE paid_day >= ? AND paid_day <= ? "
                        + "AND account_ref IN ", "", paying,
                rs -> batch.payments.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Payment(rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4),
                                rs.getString(5), rs.getString(6))));
        Map<String, Burst> byStart = new HashMap<>();
        PendingWrites.select(jdbc, List.of(to, from), "SELECT account_ref, window_start, window_end, beneficiaries "
                        + "FROM fraud_r09_burst WHERE window_start <= ? AND window_end >= ? AND account_ref IN ", "",
                paying, rs -> {
                    Burst burst = new Burst(new Window(rs.getObject(2, LocalDate.class),
                            rs.getObject(3, LocalDate.class)), rs.getInt(4));
                    batch.bursts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(burst);
                    byStart.put(rs.getString(1) + "|" + burst.window.start(), burst);
                });
        PendingWrites.select(jdbc, List.of(from.minusDays(windowDays - 1L), to),
                "SELECT account_ref, window_start, beneficiary_ref FROM fraud_r09_burst_member "
                        + "WHERE window_start >= ? AND window_start <= ? AND account_ref IN ", "", paying, rs -> {
                    Burst burst = byStart.get(rs.getString(1) + "|" + rs.getObject(2, LocalDate.class));
                    if (burst != null) {
                        burst.members.add(rs.getString(3));
                    }
                });
        return batch;
    }

    /** One row of {@code fraud_r09_subsidy}. */
    private record Subsidy(String beneficiaryRef, String regionCode) {
    }

    /** One row of {@code fraud_r09_payment}. */
    private record Payment(String ledgerEventId, LocalDate day, long occurredAt, String beneficiaryRef,
                           String regionCode) {
    }

    /** One row of {@code fraud_r09_burst} with its members ({@code fraud_r09_burst_member}). */
    private static final class Burst {
        final Window window;
        int beneficiaries;
        final Set<String> members = new HashSet<>();

        Burst(Window window, int beneficiaries) {
            this.window = window;
            this.beneficiaries = beneficiaries;
        }
    }

    private static final Comparator<Payment> BY_TIME = Comparator.comparingLong(Payment::occurredAt)
            .thenComparing(Payment::ledgerEventId);

    /** The batch's paid subsidies, and the payments and bursts of its accounts within reach of its days. */
    private final class Batch implements RuleBatch {

        private final Map<String, Subsidy> subsidies = new HashMap<>();
        private final Map<String, List<Payment>> payments = new HashMap<>();
        private final Map<String, List<Burst>> bursts = new HashMap<>();
        private final PendingWrites subsidyWrites;
        private final PendingWrites paymentWrites;
        private final PendingWrites burstWrites;
        /** Which subsidies and accounts the tables may have rows of. */
        private final KeyFilter storedSubsidies;
        private final KeyFilter paidAccounts;

        Batch(JdbcTemplate jdbc, KeyFilter storedSubsidies, KeyFilter paidAccounts) {
            this.subsidyWrites = new PendingWrites(jdbc);
            this.paymentWrites = new PendingWrites(jdbc);
            this.burstWrites = new PendingWrites(jdbc);
            this.storedSubsidies = storedSubsidies;
            this.paidAccounts = paidAccounts;
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof SubsidyGranted granted) {
                String beneficiary = beneficiaryRef(granted.beneficiary());
                subsidyWrites.add("INSERT INTO fraud_r09_subsidy (subsidy_id, beneficiary_ref, region_code) "
                        + "VALUES (?,?,?)", granted.subsidyId().toString(), beneficiary, granted.regionCode().value());
                storedSubsidies.add(granted.subsidyId().toString());
                subsidies.put(granted.subsidyId().toString(), new Subsidy(beneficiary, granted.regionCode().value()));
            } else if (fact instanceof SubsidyPaid paid) {
                paid(paid, event, context);
            }
        }

        private void paid(SubsidyPaid paid, RecordedEvent event, RuleContext context) {
            Subsidy subsidy = subsidies.get(paid.subsidyId().toString());
            if (subsidy == null) {
                return;
            }
            String account = paid.payeeAccountRef().value();
            String beneficiary = subsidy.beneficiaryRef();
            String region = subsidy.regionCode();
            LocalDate day = event.occurredOn();
            LocalDate from = day.minusDays(windowDays - 1L);
            LocalDate to = day.plusDays(windowDays - 1L);
            List<Burst> known = bursts.computeIfAbsent(account, k -> new ArrayList<>());
            List<Payment> ofAccount = payments.computeIfAbsent(account, k -> new ArrayList<>());
            paymentWrites.add("INSERT INTO fraud_r09_payment (ledger_event_id, account_ref, paid_day, occurred_at, "
                            + "beneficiary_ref, region_code) VALUES (?,?,?,?,?,?)", event.ledgerEventId(), account, day,
                    Bitemporal.micros(event.occurredAt()), beneficiary, region);
            paidAccounts.add(account);
            ofAccount.add(new Payment(event.ledgerEventId(), day, Bitemporal.micros(event.occurredAt()), beneficiary,
                    region));
            Optional<Burst> burst = known.stream()
                    .filter(b -> !b.window.start().isAfter(to) && !b.window.end().isBefore(from))
                    .filter(b -> b.window.contains(day)).findFirst();
            if (burst.isPresent()) {
                // The burst's alert holds the earlier payments already; this one is added to it.
                Burst holding = burst.get();
                if (holding.members.add(beneficiary)) {
                    burstWrites.add("INSERT INTO fraud_r09_burst_member (account_ref, window_start, beneficiary_ref) "
                            + "VALUES (?,?,?)", account, holding.window.start(), beneficiary);
                    burstWrites.add("UPDATE fraud_r09_burst SET beneficiaries = beneficiaries + 1 WHERE account_ref = ? "
                            + "AND window_start = ?", account, holding.window.start());
                    holding.beneficiaries++;
                }
                raise(account, holding.window, holding.beneficiaries, region, List.of(event.ledgerEventId()), context);
                return;
            }
            // Payments inside an earlier burst's window belong to that burst and do not count again.
            List<Occurrence> outside = new ArrayList<>();
            for (Payment payment : ofAccount) {
                if (!payment.day().isBefore(from) && !payment.day().isAfter(to)
                        && known.stream().noneMatch(b -> b.window.contains(payment.day()))) {
                    outside.add(new Occurrence(payment.day(), payment.beneficiaryRef()));
                }
            }
            if (outside.stream().map(Occurrence::key).distinct().count() <= maxBeneficiaries) {
                return;
            }
            Optional<Window> firing = BurstWindows.firing(outside, day, windowDays, maxBeneficiaries);
            if (firing.isEmpty()) {
                return;
            }
            Window window = firing.get();
            List<Payment> inWindow = ofAccount.stream().filter(p -> window.contains(p.day())).sorted(BY_TIME).toList();
            List<String> members = inWindow.stream().map(Payment::beneficiaryRef).distinct().toList();
            burstWrites.add("INSERT INTO fraud_r09_burst (account_ref, window_start, window_end, beneficiaries) "
                    + "VALUES (?,?,?,?)", account, window.start(), window.end(), members.size());
            Burst opened = new Burst(window, members.size());
            for (String member : members) {
                burstWrites.add("INSERT INTO fraud_r09_burst_member (account_ref, window_start, beneficiary_ref) "
                        + "VALUES (?,?,?)", account, window.start(), member);
                opened.members.add(member);
            }
            known.add(opened);
            raise(account, window, members.size(), inWindow.get(0).regionCode(),
                    inWindow.stream().map(Payment::ledgerEventId).toList(), context);
        }

        @Override
        public void flush() {
            subsidyWrites.flush();
            paymentWrites.flush();
            burstWrites.flush();
        }
    }

    private void raise(String account, Window window, int people, String region, List<String> evidence,
                       RuleContext context) {
        String zh = "同一收款账户在 " + window.start() + " 至 " + window.end() + " 的 " + windowDays + " 天内收到 "
                + people + " 名不同受益人的补贴，超过 " + maxBeneficiaries + " 名";
        String en = "one payee account received subsidies of " + people + " distinct beneficiaries from "
                + window.start() + " to " + window.end() + " (" + windowDays + " days), more than "
                + maxBeneficiaries;
        context.raise(new AlertDraft(ID, Severity.HIGH, "account", account, window.label(), region, zh, en,
                evidence));
    }

    private static String beneficiaryRef(Beneficiary beneficiary) {
        return beneficiary.kind() == BeneficiaryKind.PERSON ? beneficiary.personRef().value()
                : "ENTERPRISE:" + beneficiary.enterpriseId().value();
    }
}
