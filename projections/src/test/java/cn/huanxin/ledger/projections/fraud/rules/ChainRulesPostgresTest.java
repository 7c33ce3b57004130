package cn.huanxin.ledger.projections.fraud.rules;

import cn.huanxin.ledger.core.enterprise.Qualification;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.fraud.AlertView;
import cn.huanxin.ledger.projections.fraud.FraudTestSupport;
import cn.huanxin.ledger.projections.fraud.RuleSettings;
import cn.huanxin.ledger.projections.fraud.Severity;
import cn.huanxin.ledger.projections.support.ProjectionDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.DISMANTLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.RECYCLER;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.applianceDismantled;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.collected;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.deregistered;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.enterprise;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.grant;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.paid;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.qualified;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.ref;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.revoked;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.scrapped;
import static cn.huanxin.ledger.projections.fraud.rules.ChainFacts.vin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firing cases of R04 and R08–R13 on a real PostgreSQL, which is started once for the class;
 * each test gets the projection tables cleared by the view's own reset.
 */
class ChainRulesPostgresTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    private ChainFacts.Feed feed;

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
        FraudTestSupport support = new FraudTestSupport(jdbc, new R04IdentityMatch(settings),
                new R08AddressHoarding(settings), new R09SharedPayeeAccount(settings), new R10InvoiceReuse(settings),
                new R11OutOfRegion(settings), new R12OrphanOldItem(settings), new R13ElvClosure(settings));
        // the database outlives the test: start from empty tables, as a rebuild would
        support.view().reset();
        feed = new ChainFacts.Feed(support);
    }

    @Test
    void r04RaisesForAnOldVehicleOwnedBySomeoneElse() {
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP).person(ref(1))
                .oldVehicle(vin(1)).build());
        String scrap = feed.at("2024-09-02T10:00:00", scrapped(vin(1), RECYCLER, ref(2), "2024-09-02", "320812"));

        assertThat(feed.alerts("R04")).extracting(a -> a.subject().ref(), AlertView::evidence)
                .containsExactly(Tuple.tuple("S-1", List.of(grant, scrap)));
    }

    @Test
    void r08RaisesForSixGrantsToOneAddressWithinSevenDays() {
        List<String> evidence = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            evidence.add(feed.at("2024-09-0" + i + "T10:00:00", grant("S-" + i).person(ref(i))
                    .deliveredTo(ref(0xadd), "320812").build()));
        }
        assertThat(feed.alerts("R08")).extracting(AlertView::window, AlertView::evidence)
                .containsExactly(Tuple.tuple("2024-09-01/2024-09-07", evidence));
    }

    @Test
    void r09RaisesForFourPeoplePaidIntoOneAccount() {
        List<String> evidence = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            feed.at("2024-09-0" + i + "T09:00:00", grant("S-" + i).person(ref(i)).build());
            evidence.add(feed.at("2024-09-0" + i + "T10:00:00", paid("S-" + i, "P-" + i, ref(0xacc), "2024-09-0" + i)));
        }
        assertThat(feed.alerts("R09")).extracting(AlertView::window, AlertView::evidence)
                .containsExactly(Tuple.tuple("2024-09-01/2024-09-30", evidence));
    }

    @Test
    void r10RaisesForAnInvoiceBehindTwoSubsidies() {
        String first = feed.at("2024-09-01T10:00:00", grant("S-1").invoice("FP-1").build());
        String second = feed.at("2024-09-02T10:00:00", grant("S-2").invoice("FP-1").build());

        assertThat(feed.alerts("R10")).extracting(a -> a.subject().ref(), AlertView::evidence)
                .containsExactly(Tuple.tuple("FP-1", List.of(first, second)));
    }

    @Test
    void r11RaisesForAVehicleRegisteredOutsideTheRegions() {
        String scrap = feed.at("2024-09-01T10:00:00", scrapped(vin(1), RECYCLER, ref(1), "2024-09-01", "321302"));
        String grant = feed.at("2024-09-02T10:00:00", grant("S-1").programme(Programme.VEHICLE_SCRAP)
                .person(ref(1)).oldVehicle(vin(1)).build());

        assertThat(feed.alerts("R11")).extracting(a -> a.subject().ref(), AlertView::evidence)
                .containsExactly(Tuple.tuple("S-1", List.of(grant, scrap)));
    }

    @Test
    void r12RaisesForAnUncollectedOldItemAndAnUnqualifiedDismantling() {
        feed.at("2023-01-02T10:00:00", qualified(DISMANTLER, Qualification.WEEE_PROCESSING, "2023-01-01", null));
        feed.at("2024-09-01T08:00:00", revoked(DISMANTLER, Qualification.WEEE_PROCESSING, "2024-09-01"));
        String grant = feed.at("2024-09-01T10:00:00", grant("S-1").person(ref(1)).oldAppliance("R-1").build());
        String collection = feed.at("2024-09-02T10:00:00", collected("R-2", ref(2), "2024-09-02"));
        String dismantling = feed.at("2024-09-05T10:00:00", applianceDismantled("R-2", DISMANTLER, "2024-09-05"));
        feed.at("2024-09-09T10:00:00", grant("S-2").person(ref(2)).build());

        assertThat(feed.alerts("R12")).extracting(a -> a.subject().kind(), a -> a.subject().ref(), AlertView::evidence)
                .containsExactly(Tuple.tuple("appliance", "R-2", List.of(collection, dismantling)),
                        Tuple.tuple("subsidy", "S-1", List.of(grant)));
    }

    @Test
    void r13RaisesForAnUnqualifiedRecyclerAndAnOpenClosure() {
        feed.at("2023-01-02T10:00:00", qualified(RECYCLER, Qualification.VEHICLE_RECYCLING, "2023-01-01", "2028-12-31"));
        String unqualified = feed.at("2024-09-01T10:00:00", scrapped(vin(1), enterprise(5), ref(1), "2024-09-01", "320812"));
        String open = feed.at("2024-09-01T11:00:00", scrapped(vin(2), RECYCLER, ref(2), "2024-09-01", "320812"));
        feed.at("2024-09-03T10:00:00", deregistered(vin(2), "2024-09-03"));
        feed.at("2024-10-02T10:00:00", deregistered(vin(1), "2024-10-02"));

        assertThat(feed.alerts("R13")).extracting(a -> a.subject().ref(), AlertView::severity, AlertView::evidence)
                .containsExactly(Tuple.tuple(vin(1).value(), Severity.HIGH, List.of(unqualified)),
                        Tuple.tuple(vin(2).value(), Severity.MEDIUM, List.of(open)));
    }
}
