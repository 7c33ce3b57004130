package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.FraudEvent;
import cn.huanxin.ledger.projections.fraud.FraudRule;
import cn.huanxin.ledger.projections.fraud.PendingWrites;
import cn.huanxin.ledger.projections.fraud.RuleBatch;
import cn.huanxin.ledger.projections.fraud.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleDescriptor;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * R14 反向开票资格: a reverse invoice (反向开票) whose issuer held none of the qualifications that
 * entitle a recycler to issue one — VEHICLE_RECYCLING, HAZARDOUS_WASTE or RECYCLING_FILING — on
 * the issue date. STA Announcement 2024 No. 5 (国家税务总局公告2024年第5号) limits reverse invoicing
 * to such recyclers; tax-inspection reporting on the recycling trade (稽查 cases of 虚开发票 by
 * 再生资源 companies) shows unqualified or lapsed firms issuing invoices to manufacture deductible
 * input and to launder scrap of unknown origin. A grant is valid on a date from its {@code validFrom}
 * to its {@code validTo} inclusive (open-ended without one) unless a revocation of the same
 * qualification dated on or before that date, and on or after the grant's {@code validFrom}, ended
 * it; a re-grant that starts after a revocation is a fresh grant. The issue is judged when the
 * invoice is recorded, and judged again when a revocation recorded later reaches back to its issue
 * date (a qualification granted only after the invoice was recorded cannot withdraw an alert).
 */
public final class R14ReverseInvoiceIssuer implements FraudRule {

    private static final String ID = "R14";

    private final Set<Qualification> entitling;
    private final Set<String> entitlingNames;
    private final RuleDescriptor descriptor;

    public R14ReverseInvoiceIssuer(RuleSettings settings) {
        String configured = settings.text(ID, "qualifications", "VEHICLE_RECYCLING,HAZARDOUS_WASTE,RECYCLING_FILING");
        EnumSet<Qualification> set = EnumSet.noneOf(Qualification.class);
        Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(s -> set.add(Qualification.valueOf(s)));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("R14.qualifications must name at least one qualification");
        }
        this.entitling = Set.copyOf(set);
        this.entitlingNames = set.stream().map(Enum::name).collect(Collectors.toUnmodifiableSet());
        this.descriptor = new RuleDescriptor(ID, "反向开票资格 reverse-invoice issuer", Severity.HIGH,
                Set.of(ReverseInvoiceIssued.class, QualificationGranted.class, QualificationRevoked.class),
                List.of("fraud_r14_grant", "fraud_r14_revocation", "fraud_r14_invoice"))
                .withParameter("qualifications",
                        entitling.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }

    @Override
    public RuleDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RuleBatch begin(List<FraudEvent> events, JdbcTemplate jdbc) {
        Set<String> enterprises = new LinkedHashSet<>();
        Set<String> revokedIssuers = new LinkedHashSet<>();
        LocalDate earliestRevocation = null;
        for (FraudEvent item : events) {
            if (item.fact() instanceof QualificationGranted granted && entitling.contains(granted.qualification())) {
                enterprises.add(granted.enterpriseId().value());
            } else if (item.fact() instanceof QualificationRevoked revoked
                    && entitling.contains(revoked.qualification())) {
                enterprises.add(revoked.enterpriseId().value());
                revokedIssuers.add(revoked.enterpriseId().value());
                if (earliestRevocation == null || revoked.revokedOn().isBefore(earliestRevocation)) {
                    earliestRevocation = revoked.revokedOn();
                }
            } else if (item.fact() instanceof ReverseInvoiceIssued invoice) {
                enterprises.add(invoice.issuerId().value());
            }
        }
        Batch batch = new Batch(jdbc);
        PendingWrites.select(jdbc, "SELECT enterprise_id, qualification, valid_from, valid_to FROM fraud_r14_grant "
                + "WHERE enterprise_id IN ", "", enterprises, rs -> batch.grants
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Grant(rs.getString(2), rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class))));
        PendingWrites.select(jdbc, "SELECT enterprise_id, qualification, revoked_on FROM fraud_r14_revocation "
                + "WHERE enterprise_id IN ", "", enterprises, rs -> batch.revocations
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Revocation(rs.getString(2), rs.getObject(3, LocalDate.class))));
        if (earliestRevocation != null) {
            PendingWrites.select(jdbc, List.of(earliestRevocation), "SELECT invoice_no, issuer_id, issued_on, "
                            + "ledger_event_id, flagged FROM fraud_r14_invoice WHERE issued_on >= ? AND issuer_id IN ",
                    "", revokedIssuers, rs -> batch.invoices.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new Invoice(rs.getString(1), rs.getObject(3, LocalDate.class), rs.getString(4),
                                    rs.getInt(5) == 1)));
        }
        return batch;
    }

    private record Grant(String qualification, LocalDate validFrom, LocalDate validTo) {
    }

    private record Revocation(String qualification, LocalDate revokedOn) {
    }

    /** One row of {@code fraud_r14_invoice}; it may be flagged later. */
    private static final class Invoice {
        final String invoiceNo;
        final LocalDate issuedOn;
        final String ledgerEventId;
        boolean flagged;

        Invoice(String invoiceNo, LocalDate issuedOn, String ledgerEventId, boolean flagged) {
            this.invoiceNo = invoiceNo;
            this.issuedOn = issuedOn;
            this.ledgerEventId = ledgerEventId;
            this.flagged = flagged;
        }
    }

    /**
     * The qualifications of the batch's issuers and, for an issuer whose qualification the batch
     * revokes, its invoices from the earliest revocation date on.
     */
    private final class Batch implements RuleBatch {

        private final JdbcTemplate jdbc;
        private final Map<String, List<Grant>> grants = new HashMap<>();
        private final Map<String, List<Revocation>> revocations = new HashMap<>();
        private final Map<String, List<Invoice>> invoices = new HashMap<>();
        private final PendingWrites grantWrites;
        private final PendingWrites revocationWrites;
        private final PendingWrites invoiceWrites;
        /** Invoices flagged by a later revocation; the flag is written after the batch's inserts. */
        private final Set<String> flags = new LinkedHashSet<>();

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.grantWrites = new PendingWrites(jdbc);
            this.revocationWrites = new PendingWrites(jdbc);
            this.invoiceWrites = new PendingWrites(jdbc);
        }

        @Override
        public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
            if (fact instanceof QualificationGranted granted) {
                if (entitling.contains(granted.qualification())) {
                    grantWrites.add("INSERT INTO fraud_r14_grant (enterprise_id, qualification, valid_from, valid_to) "
                                    + "VALUES (?,?,?,?)", granted.enterpriseId().value(), granted.qualification().name(),
                            granted.validFrom(), granted.validTo());
                    grants.computeIfAbsent(granted.enterpriseId().value(), k -> new ArrayList<>())
                            .add(new Grant(granted.qualification().name(), granted.validFrom(), granted.validTo()));
                }
            } else if (fact instanceof QualificationRevoked revoked) {
                if (entitling.contains(revoked.qualification())) {
                    revocationWrites.add("INSERT INTO fraud_r14_revocation (enterprise_id, qualification, revoked_on) "
                                    + "VALUES (?,?,?)", revoked.enterpriseId().value(), revoked.qualification().name(),
                            revoked.revokedOn());
                    revocations.computeIfAbsent(revoked.enterpriseId().value(), k -> new ArrayList<>())
                            .add(new Revocation(revoked.qualification().name(), revoked.revokedOn()));
                    rejudgeFrom(revoked, context);
                }
            } else if (fact instanceof ReverseInvoiceIssued invoice) {
                String issuer = invoice.issuerId().value();
                boolean qualified = qualified(issuer, invoice.issuedOn());
                invoiceWrites.add("INSERT INTO fraud_r14_invoice (invoice_no, issuer_id, issued_on, ledger_event_id, "
                                + "flagged) VALUES (?,?,?,?,?)", invoice.invoiceNo().value(), issuer,
                        invoice.issuedOn(), event.ledgerEventId(), qualified ? 0 : 1);
                invoices.computeIfAbsent(issuer, k -> new ArrayList<>()).add(new Invoice(invoice.invoiceNo().value(),
                        invoice.issuedOn(), event.ledgerEventId(), !qualified));
                if (!qualified) {
                    raise(invoice.invoiceNo().value(), issuer, invoice.issuedOn(), event.ledgerEventId(), context);
                }
            }
        }

        /** A revocation recorded after invoices it reaches back to: those invoices are judged again. */
        private void rejudgeFrom(QualificationRevoked revoked, RuleContext context) {
            String issuer = revoked.enterpriseId().value();
            List<Invoice> open = invoices.getOrDefault(issuer, List.of()).stream()
                    .filter(i -> !i.issuedOn.isBefore(revoked.revokedOn()) && !i.flagged).toList();
            Map<String, Integer> rank = Sorted.ranks(jdbc, open.stream().map(i -> i.invoiceNo).toList());
            List<Invoice> ordered = open.stream().sorted(Comparator.<Invoice, LocalDate>comparing(i -> i.issuedOn)
                    .thenComparing(i -> rank.get(i.invoiceNo))).toList();
            for (Invoice invoice : ordered) {
                if (!qualified(issuer, invoice.issuedOn)) {
                    flags.add(invoice.invoiceNo);
                    invoice.flagged = true;
                    raise(invoice.invoiceNo, issuer, invoice.issuedOn, invoice.ledgerEventId, context);
                }
            }
        }

        private boolean qualified(String issuer, LocalDate on) {
            List<Revocation> revoked = revocations.getOrDefault(issuer, List.of());
            for (Grant grant : grants.getOrDefault(issuer, List.of())) {
                if (!entitlingNames.contains(grant.qualification()) || grant.validFrom().isAfter(on)
                        || (grant.validTo() != null && grant.validTo().isBefore(on))) {
                    continue;
                }
                boolean ended = revoked.stream().anyMatch(r -> r.qualification().equals(grant.qualification())
                        && !r.revokedOn().isAfter(on) && !r.revokedOn().isBefore(grant.validFrom()));
                if (!ended) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void flush() {
            grantWrites.flush();
            revocationWrites.flush();
            invoiceWrites.flush();
            PendingWrites.batch(jdbc, "UPDATE fraud_r14_invoice SET flagged = 1 WHERE invoice_no = ?",
                    flags.stream().map(no -> new Object[]{no}).toList());
            flags.clear();
        }
    }

    private void raise(String invoiceNo, String issuer, LocalDate issuedOn, String ledgerEventId, RuleContext context) {
        context.raise(new AlertDraft(ID, Severity.HIGH, "reverse-invoice", invoiceNo, null, null,
                "反向发票 " + invoiceNo + " 的开具方 " + issuer + " 在开票日 " + issuedOn
                        + " 不具备报废机动车回收、危险废物经营或再生资源回收备案资质",
                "reverse invoice " + invoiceNo + " was issued on " + issuedOn + " by " + issuer
                        + ", which held no vehicle-recycling, hazardous-waste or recycling-filing qualification that day",
                List.of(ledgerEventId)));
    }
}
