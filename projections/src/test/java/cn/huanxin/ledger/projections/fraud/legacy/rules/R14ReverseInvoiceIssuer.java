package cn.huanxin.ledger.projections.fraud.legacy.rules;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.enterprise.QualificationGranted;
import cn.huanxin.ledger.core.enterprise.QualificationRevoked;
import cn.huanxin.ledger.core.invoice.ReverseInvoiceIssued;
import cn.huanxin.ledger.projections.fraud.AlertDraft;
import cn.huanxin.ledger.projections.fraud.legacy.FraudRule;
import cn.huanxin.ledger.projections.fraud.legacy.RuleContext;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.RecordedEvent;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
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
    private final String entitlingSql;

    public R14ReverseInvoiceIssuer(RuleSettings settings) {
        String configured = settings.text(ID, "qualifications", "VEHICLE_RECYCLING,HAZARDOUS_WASTE,RECYCLING_FILING");
        EnumSet<Qualification> set = EnumSet.noneOf(Qualification.class);
        Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(s -> set.add(Qualification.valueOf(s)));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("R14.qualifications must name at least one qualification");
        }
        this.entitling = Set.copyOf(set);
        // Enum names only, so the list is safe to write into the statement.
        this.entitlingSql = set.stream().map(q -> "'" + q.name() + "'").collect(Collectors.joining(","));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "反向开票资格 reverse-invoice issuer";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public Set<Class<? extends LedgerFact>> reads() {
        return Set.of(ReverseInvoiceIssued.class, QualificationGranted.class, QualificationRevoked.class);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("qualifications", entitling.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }

    @Override
    public List<String> tables() {
        return List.of("fraud_r14_grant", "fraud_r14_revocation", "fraud_r14_invoice");
    }

    @Override
    public void on(LedgerFact fact, RecordedEvent event, RuleContext context) {
        if (fact instanceof QualificationGranted granted) {
            if (entitling.contains(granted.qualification())) {
                context.jdbc().update("INSERT INTO fraud_r14_grant (enterprise_id, qualification, valid_from, valid_to) "
                                + "VALUES (?,?,?,?)", granted.enterpriseId().value(), granted.qualification().name(),
                        granted.validFrom(), granted.validTo());
            }
        } else if (fact instanceof QualificationRevoked revoked) {
            if (entitling.contains(revoked.qualification())) {
                context.jdbc().update("INSERT INTO fraud_r14_revocation (enterprise_id, qualification, revoked_on) "
                                + "VALUES (?,?,?)", revoked.enterpriseId().value(), revoked.qualification().name(),
                        revoked.revokedOn());
                rejudgeFrom(revoked, context);
            }
        } else if (fact instanceof ReverseInvoiceIssued invoice) {
            String issuer = invoice.issuerId().value();
            boolean qualified = qualified(issuer, invoice.issuedOn(), context);
            context.jdbc().update("INSERT INTO fraud_r14_invoice (invoice_no, issuer_id, issued_on, ledger_event_id, "
                            + "flagged) VALUES (?,?,?,?,?)", invoice.invoiceNo().value(), issuer, invoice.issuedOn(),
                    event.ledgerEventId(), qualified ? 0 : 1);
            if (!qualified) {
                raise(invoice.invoiceNo().value(), issuer, invoice.issuedOn(), event.ledgerEventId(), context);
            }
        }
    }

    /** A revocation recorded after invoices it reaches back to: those invoices are judged again. */
    private void rejudgeFrom(QualificationRevoked revoked, RuleContext context) {
        String issuer = revoked.enterpriseId().value();
        List<Map<String, Object>> invoices = context.jdbc().queryForList("SELECT invoice_no, issued_on, ledger_event_id "
                + "FROM fraud_r14_invoice WHERE issuer_id = ? AND issued_on >= ? AND flagged = 0 "
                + "ORDER BY issued_on, invoice_no", issuer, revoked.revokedOn());
        for (Map<String, Object> row : invoices) {
            LocalDate issuedOn = date(row.get("issued_on"));
            if (!qualified(issuer, issuedOn, context)) {
                String invoiceNo = (String) row.get("invoice_no");
                context.jdbc().update("UPDATE fraud_r14_invoice SET flagged = 1 WHERE invoice_no = ?", invoiceNo);
                raise(invoiceNo, issuer, issuedOn, (String) row.get("ledger_event_id"), context);
            }
        }
    }

    private boolean qualified(String issuer, LocalDate on, RuleContext context) {
        Integer valid = context.jdbc().queryForObject("SELECT COUNT(*) FROM fraud_r14_grant g "
                + "WHERE g.enterprise_id = ? AND g.qualification IN (" + entitlingSql + ") "
                + "AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to >= ?) "
                + "AND NOT EXISTS (SELECT 1 FROM fraud_r14_revocation r WHERE r.enterprise_id = g.enterprise_id "
                + "AND r.qualification = g.qualification AND r.revoked_on <= ? AND r.revoked_on >= g.valid_from)",
                Integer.class, issuer, on, on, on);
        return valid != null && valid > 0;
    }

    private void raise(String invoiceNo, String issuer, LocalDate issuedOn, String ledgerEventId, RuleContext context) {
        context.raise(new AlertDraft(ID, Severity.HIGH, "reverse-invoice", invoiceNo, null, null,
                "反向发票 " + invoiceNo + " 的开具方 " + issuer + " 在开票日 " + issuedOn
                        + " 不具备报废机动车回收、危险废物经营或再生资源回收备案资质",
                "reverse invoice " + invoiceNo + " was issued on " + issuedOn + " by " + issuer
                        + ", which held no vehicle-recycling, hazardous-waste or recycling-filing qualification that day",
                List.of(ledgerEventId)));
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return LocalDate.parse(value.toString());
    }
}
