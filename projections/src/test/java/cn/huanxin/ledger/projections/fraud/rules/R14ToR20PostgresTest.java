package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firing case of each rule R14–R20 on a real PostgreSQL, with all seven rules in one view, so
 * the PostgreSQL migrations and every statement of the rules run on the production database too.
 */
class R14ToR20PostgresTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    private FraudTestSupport support;

    @BeforeAll
    static void start() {
        postgres = ProjectionDatabases.postgres();
        jdbc = ProjectionDatabases.migrated(postgres);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void freshView() {
        RuleSettings settings = RuleSettings.DEFAULTS;
        support = new FraudTestSupport(jdbc, new R14ReverseInvoiceIssuer(settings), new R15ReverseInvoiceCap(settings),
                new R16ReverseInvoiceTax(settings), new R17QuotaOverdraw(settings), new R18OverPayment(settings),
                new R19PaymentDeadline(settings), new R20LateUpload(settings));
        support.view().reset();
    }

    @Test
    void r14RaisesForAnUnqualifiedIssuer() {
        RecordedEvent invoice = R14ReverseInvoiceIssuerTest.unqualifiedIssuer(support);

        assertThat(support.alerts("R14")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("reverse-invoice", "FX-0001"));
            assertThat(alert.evidence()).containsExactly(invoice.ledgerEventId());
        });
    }

    @Test
    void r15RaisesForASellerOverTheCap() {
        List<RecordedEvent> invoices = R15ReverseInvoiceCapTest.overTheCap(support);

        assertThat(support.alerts("R15")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("person", R14ToR20Facts.SELLER));
            assertThat(alert.window()).isEqualTo("2023-09-02/2024-09-01");
            assertThat(alert.evidence()).containsExactlyElementsOf(
                    invoices.stream().map(RecordedEvent::ledgerEventId).toList());
        });
    }

    @Test
    void r16RaisesForVatOnExemptSales() {
        RecordedEvent invoice = R16ReverseInvoiceTaxTest.vatOnExemptSales(support);

        assertThat(support.alerts("R16")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("reverse-invoice", "FX-0001"));
            assertThat(alert.evidence()).containsExactly(invoice.ledgerEventId());
        });
    }

    @Test
    void r17RaisesForAnOverdrawnQuota() {
        RecordedEvent crossing = R17QuotaOverdrawTest.overdrawn(support);

        assertThat(support.alerts("R17")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("fund-region",
                    R14ToR20Facts.FUND + "|" + R14ToR20Facts.REGION));
            assertThat(alert.evidence()).containsExactly(crossing.ledgerEventId());
        });
    }

    @Test
    void r18RaisesForAnOverPaidSubsidy() {
        List<RecordedEvent> events = R18OverPaymentTest.overPaid(support);

        assertThat(support.alerts("R18")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
            assertThat(alert.evidence()).containsExactlyElementsOf(
                    events.stream().map(RecordedEvent::ledgerEventId).toList());
        });
    }

    @Test
    void r19RaisesForAnUnpaidSubsidy() {
        RecordedEvent grant = R19PaymentDeadlineTest.unpaid(support);

        assertThat(support.alerts("R19")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("subsidy", "S-1"));
            assertThat(alert.evidence()).containsExactly(grant.ledgerEventId());
        });
    }

    @Test
    void r20RaisesForALateEvent() {
        RecordedEvent event = R20LateUploadTest.lateGrant(support);

        assertThat(support.alerts("R20")).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo(new AlertView.Subject("event", event.ledgerEventId()));
            assertThat(alert.evidence()).containsExactly(event.ledgerEventId());
        });
    }
}
