package cn.huanxin.ledger.projections.balance;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.projections.support.Bitemporal;
import cn.huanxin.ledger.projections.support.TestEvents;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the balance projection posts for each event type and what its queries answer. Runs on H2
 * and on PostgreSQL (the subclasses); after every scenario the books must balance.
 */
abstract class BalanceProjectionBehaviours {

    static final String FUND = "F-2024-CB01";
    static final String OTHER_FUND = "F-2024-LSB02";
    static final String QINGJIANGPU = "320812";
    static final String HUAIAN_DISTRICT = "320803";
    static final String LIANSHUI = "320826";

    JdbcTemplate jdbc;
    BalanceProjection projection;
    Feed feed;
    ScenarioLedger ledger;
    private int fed;

    /** A database with the projection migrations applied and no balance rows. */
    protected abstract JdbcTemplate freshDatabase();

    @BeforeEach
    void setUp() {
        jdbc = freshDatabase();
        projection = new BalanceProjection(jdbc);
        feed = new Feed(projection);
        ledger = new ScenarioLedger();
        fed = 0;
    }

    /** The invariants of double entry hold after every scenario, whatever it did. */
    @AfterEach
    void theBooksBalance() {
        TrialBalanceView trial = projection.trialBalance(new FindTrialBalanceQuery(Bitemporal.EVERYTHING));
        assertThat(trial.debits()).isEqualTo(trial.credits());
        assertThat(trial.balanced()).isTrue();
        assertThat(jdbc.queryForList(
                "SELECT ledger_event_id FROM balance_posting GROUP BY ledger_event_id HAVING SUM(amount_fen) <> 0",
                String.class)).as("events whose postings do not sum to zero").isEmpty();
        for (BalanceRow row : allRows(null, Bitemporal.EVERYTHING)) {
            assertThat(row.available().plus(row.committed()).plus(row.paid()))
                    .as("available + committed + paid = allocated − reclaimed for %s/%s", row.fundId(), row.regionCode())
                    .isEqualTo(row.allocated().minus(row.reclaimed()));
            assertThat(balanceOf(Accounts.quota(row.fundId(), row.regionCode()))).isEqualTo(row.available());
        }
    }

    @Test
    void appropriationMovesMoneyFromTheWorldIntoTheFundsPool() {
        EventMessage<?> appropriation = ledger.appropriated(FUND, "80000000.00");
        post();

        assertThat(postings(Accounts.pool(FUND))).singleElement().satisfies(p -> {
            assertThat(p.ledgerEventId()).isEqualTo(appropriation.getIdentifier());
            assertThat(p.eventType()).isEqualTo("FundAppropriated");
            assertThat(p.debit()).isEqualTo(yuan("80000000.00"));
            assertThat(p.credit()).isEqualTo(Money.ZERO);
            assertThat(p.fundId()).isEqualTo(FUND);
            assertThat(p.regionCode()).isNull();
            assertThat(p.subsidyId()).isNull();
        });
        assertThat(postings(Accounts.WORLD)).singleElement()
                .satisfies(p -> assertThat(p.credit()).isEqualTo(yuan("80000000.00")));
        assertThat(allRows(null, Bitemporal.EVERYTHING)).as("a pool belongs to no region").isEmpty();
    }

    @Test
    void allocationMovesPoolMoneyIntoTheRegionsQuota() {
        ledger.appropriated(FUND, "80000000.00");
        EventMessage<?> allocation = ledger.allocated(FUND, QINGJIANGPU, "3000000.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "3000000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "3000000.00"));
        assertThat(balanceOf(Accounts.pool(FUND))).isEqualTo(yuan("77000000.00"));
        PostingView quota = postings(Accounts.quota(FUND, QINGJIANGPU)).get(0);
        assertThat(quota).isEqualTo(new PostingView(allocation.getIdentifier(), 1, "FundAllocated",
                "quota:" + FUND + ":" + QINGJIANGPU, yuan("3000000.00"), Money.ZERO, FUND, QINGJIANGPU, null,
                ledger.now(), ledger.now()));
        assertThat(postings(Accounts.pool(FUND)).get(1)).satisfies(p -> {
            assertThat(p.lineNo()).isEqualTo(2);
            assertThat(p.credit()).isEqualTo(yuan("3000000.00"));
            assertThat(p.regionCode()).as("the pool line names the region it went to").isEqualTo(QINGJIANGPU);
        });
    }

    @Test
    void reclaimTakesQuotaBackIntoThePool() {
        ledger.appropriated(FUND, "80000000.00");
        ledger.allocated(FUND, QINGJIANGPU, "3000000.00");
        ledger.reclaimed(FUND, QINGJIANGPU, "500000.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "3000000.00", "500000.00", "0.00", "0.00", "0.00", "0.00", "2500000.00"));
        assertThat(balanceOf(Accounts.pool(FUND))).isEqualTo(yuan("77500000.00"));
    }

    @Test
    void grantCommitsQuota() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "1999.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "1999.00", "1999.00", "0.00", "0.00", "8001.00"));
        assertThat(postings(Accounts.committed(FUND, QINGJIANGPU))).singleElement().satisfies(p -> {
            assertThat(p.subsidyId()).isEqualTo("S-1");
            assertThat(p.debit()).isEqualTo(yuan("1999.00"));
        });
    }

    @Test
    void paymentMovesCommittedMoneyToPaidOfTheGrantsFundAndRegion() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.allocated(FUND, LIANSHUI, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "1999.00");
        ledger.paid("S-1", "1999.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "1999.00", "0.00", "1999.00", "0.00", "8001.00"));
        assertThat(row(FUND, LIANSHUI).paid()).isEqualTo(Money.ZERO);
        assertThat(postings(Accounts.paid(FUND, QINGJIANGPU))).singleElement()
                .satisfies(p -> assertThat(p.subsidyId()).isEqualTo("S-1"));
    }

    @Test
    void reversalOfAnUnpaidSubsidyReturnsItsCommitmentToQuota() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "1999.00");
        ledger.reversed("S-1", "1999.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "1999.00", "0.00", "0.00", "1999.00", "10000.00"));
        assertThat(postings(Accounts.paid(FUND, QINGJIANGPU))).as("nothing taken from paid money").isEmpty();
    }

    @Test
    void reversalOfAPaidSubsidyTakesThePaidMoneyBack() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "1999.00");
        ledger.paid("S-1", "1999.00");
        ledger.reversed("S-1", "1999.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "1999.00", "0.00", "0.00", "1999.00", "10000.00"));
        assertThat(lastPosting(Accounts.paid(FUND, QINGJIANGPU))).satisfies(p -> {
            assertThat(p.eventType()).isEqualTo("SubsidyReversed");
            assertThat(p.credit()).isEqualTo(yuan("1999.00"));
            assertThat(p.lineNo()).isEqualTo(2);
        });
    }

    @Test
    void reversalTakesTheUnpaidCommitmentFirstAndPaidMoneyForTheRest() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "100.00");
        ledger.paid("S-1", "60.00");
        EventMessage<?> reversal = ledger.reversed("S-1", "70.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "100.00", "0.00", "30.00", "70.00", "9970.00"));
        assertThat(linesOf(reversal)).containsExactly(
                "1 quota:" + FUND + ":" + QINGJIANGPU + " +7000",
                "2 committed:" + FUND + ":" + QINGJIANGPU + " -4000",
                "3 paid:" + FUND + ":" + QINGJIANGPU + " -3000");
    }

    @Test
    void partialReversalsSplitAgainstWhatEarlierReversalsAlreadyTook() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "100.00");
        EventMessage<?> first = ledger.reversed("S-1", "30.00");
        ledger.paid("S-1", "50.00");
        EventMessage<?> second = ledger.reversed("S-1", "40.00");
        EventMessage<?> third = ledger.reversed("S-1", "10.00");
        post();

        String committed = "committed:" + FUND + ":" + QINGJIANGPU;
        String paid = "paid:" + FUND + ":" + QINGJIANGPU;
        assertThat(linesOf(first)).contains("2 " + committed + " -3000").hasSize(2);
        // Unpaid commitment before the second: 100 − 50 paid − 30 already reversed = 20.
        assertThat(linesOf(second)).contains("2 " + committed + " -2000", "3 " + paid + " -2000");
        assertThat(linesOf(third)).contains("2 " + paid + " -1000").hasSize(2);
        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "100.00", "0.00", "20.00", "80.00", "9980.00"));
    }

    @Test
    void overPaymentMakesCommittedNegativeAndALaterReversalTakesFromPaid() {
        ledger.allocated(FUND, QINGJIANGPU, "10000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "100.00");
        ledger.paid("S-1", "150.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "100.00", "-50.00", "150.00", "0.00", "9900.00"));

        EventMessage<?> reversal = ledger.reversed("S-1", "50.00");
        post();
        assertThat(linesOf(reversal)).containsExactly(
                "1 quota:" + FUND + ":" + QINGJIANGPU + " +5000",
                "2 paid:" + FUND + ":" + QINGJIANGPU + " -5000");
        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "10000.00", "0.00", "100.00", "-50.00", "100.00", "50.00", "9950.00"));
    }

    @Test
    void availableGoesNegativeWhenGrantsExceedTheQuota() {
        ledger.allocated(FUND, QINGJIANGPU, "1000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "800.00");
        ledger.granted("S-2", FUND, QINGJIANGPU, "700.00");
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "1500.00", "1500.00", "0.00", "0.00", "-500.00"));
    }

    @Test
    void grantWithoutAnyAllocationStillMakesARow() {
        ledger.granted("S-1", FUND, LIANSHUI, "800.00");
        post();

        assertThat(row(FUND, LIANSHUI)).isEqualTo(
                expected(FUND, LIANSHUI, "0.00", "0.00", "800.00", "800.00", "0.00", "0.00", "-800.00"));
    }

    @Test
    void paymentOrReversalOfAGrantNeverSeenPostsNothing() {
        ledger.allocated(FUND, QINGJIANGPU, "1000.00");
        ledger.paid("S-GHOST", "100.00");
        ledger.reversed("S-GHOST", "100.00");
        post();

        assertThat(BalanceTables.postingCount(jdbc)).isEqualTo(2);
        assertThat(allRows(null, Bitemporal.EVERYTHING)).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1000.00"));
    }

    @Test
    void secondGrantOfOneSubsidyIsPostedAndItsLaterEventsFollowTheFirstGrant() {
        ledger.granted("S-1", FUND, QINGJIANGPU, "100.00");
        ledger.granted("S-1", FUND, LIANSHUI, "40.00");
        ledger.paid("S-1", "140.00");
        post();

        assertSecondGrantFollowedTheFirst();
    }

    @Test
    void secondGrantOfOneSubsidyInALaterBatchFindsTheFirstGrantsRow() {
        // The first grant opens the subsidy's stream and is not looked up; the second (sequence 1) must be.
        ledger.granted("S-1", FUND, QINGJIANGPU, "100.00");
        post();
        ledger.granted("S-1", FUND, LIANSHUI, "40.00");
        post();
        ledger.paid("S-1", "140.00");
        post();

        assertSecondGrantFollowedTheFirst();
    }

    /** S-1 granted 100.00 in Qingjiangpu, again 40.00 in Lianshui, then paid 140.00 as the first grant says. */
    private void assertSecondGrantFollowedTheFirst() {
        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "0.00", "0.00", "100.00", "-40.00", "140.00", "0.00", "-100.00"));
        assertThat(row(FUND, LIANSHUI)).isEqualTo(
                expected(FUND, LIANSHUI, "0.00", "0.00", "40.00", "40.00", "0.00", "0.00", "-40.00"));
    }

    @Test
    void programmeFilterNarrowsTheSubsidyFiguresAndKeepsTheRegionsQuota() {
        ledger.allocated(FUND, QINGJIANGPU, "1000.00");
        ledger.allocated(FUND, LIANSHUI, "500.00");
        ledger.reclaimed(FUND, QINGJIANGPU, "100.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, Programme.APPLIANCE, "300.00");
        ledger.paid("S-1", "300.00");
        ledger.granted("S-2", FUND, QINGJIANGPU, Programme.DIGITAL, "200.00");
        ledger.reversed("S-2", "50.00");
        post();

        assertThat(rows(null, null, Programme.APPLIANCE)).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "100.00", "300.00", "0.00", "300.00", "0.00", "600.00"),
                expected(FUND, LIANSHUI, "500.00", "0.00", "0.00", "0.00", "0.00", "0.00", "500.00"));
        assertThat(rows(null, QINGJIANGPU, Programme.DIGITAL)).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "100.00", "200.00", "150.00", "0.00", "50.00", "750.00"));
        assertThat(rows(null, QINGJIANGPU, null)).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "100.00", "500.00", "150.00", "300.00", "50.00", "450.00"));
    }

    @Test
    void fundAndRegionFiltersNarrowTheRows() {
        ledger.allocated(FUND, QINGJIANGPU, "1.00");
        ledger.allocated(FUND, LIANSHUI, "2.00");
        ledger.allocated(OTHER_FUND, QINGJIANGPU, "3.00");
        post();

        assertThat(rows(FUND, null, null)).extracting(BalanceRow::regionCode).containsExactly(QINGJIANGPU, LIANSHUI);
        assertThat(rows(null, QINGJIANGPU, null)).extracting(BalanceRow::fundId).containsExactly(FUND, OTHER_FUND);
        assertThat(rows(OTHER_FUND, LIANSHUI, null)).isEmpty();
    }

    @Test
    void asOfKeepsEventsThatOccurredOnOrBeforeTheShanghaiDay() {
        // 2024-09-01 ends at 16:00Z; the grant occurs in its last microsecond, the payment just after.
        Instant lastMoment = Instant.parse("2024-09-01T15:59:59.999999Z");
        Instant nextDay = Instant.parse("2024-09-01T16:00:00Z");
        Instant recorded = Instant.parse("2024-09-02T02:00:00Z");
        ledger.record(ledger.allocation(FUND, QINGJIANGPU, "1000.00"), lastMoment.minusSeconds(3600), recorded);
        ledger.record(ledger.grant("S-1", FUND, QINGJIANGPU, Programme.APPLIANCE, "100.00"), lastMoment, recorded);
        ledger.record(ledger.payment("S-1", "100.00"), nextDay, recorded);
        ledger.record(ledger.allocation(FUND, LIANSHUI, "1000.00"), nextDay, recorded);
        post();

        Bitemporal firstOfSeptember = new Bitemporal(LocalDate.parse("2024-09-01"), null);
        assertThat(allRows(null, firstOfSeptember)).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "100.00", "100.00", "0.00", "0.00", "900.00"));
        assertThat(allRows(null, new Bitemporal(LocalDate.parse("2024-09-02"), null))).hasSize(2);
        assertThat(allRows(null, new Bitemporal(LocalDate.parse("2024-08-31"), null))).isEmpty();
        assertThat(projection.trialBalance(new FindTrialBalanceQuery(firstOfSeptember)).debits())
                .isEqualTo(yuan("1100.00"));
        assertThat(projection.postings(new FindPostingsQuery(Accounts.paid(FUND, QINGJIANGPU), firstOfSeptember,
                null, 10)).items()).isEmpty();
    }

    @Test
    void knownAtHidesEventsRecordedAfterIt() {
        Instant occurred = Instant.parse("2024-09-01T02:00:00Z");
        Instant first = Instant.parse("2024-09-01T03:00:00.000001Z");
        Instant later = Instant.parse("2024-09-05T03:00:00Z");
        ledger.record(ledger.allocation(FUND, QINGJIANGPU, "1000.00"), occurred, first);
        ledger.record(ledger.grant("S-1", FUND, QINGJIANGPU, Programme.APPLIANCE, "100.00"), occurred, first);
        // Recorded days later, though it occurred the same morning: an earlier knownAt must not see it.
        ledger.record(ledger.payment("S-1", "100.00"), occurred, later);
        post();

        assertThat(allRows(null, new Bitemporal(null, first))).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "100.00", "100.00", "0.00", "0.00", "900.00"));
        assertThat(allRows(null, new Bitemporal(null, later.minusNanos(1_000)))).singleElement()
                .satisfies(row -> assertThat(row.paid()).isEqualTo(Money.ZERO));
        assertThat(allRows(null, new Bitemporal(null, later))).singleElement()
                .satisfies(row -> assertThat(row.paid()).isEqualTo(yuan("100.00")));
        assertThat(allRows(null, new Bitemporal(null, first.minusNanos(1_000)))).isEmpty();
        assertThat(allRows(null, new Bitemporal(LocalDate.parse("2024-09-01"), first))).hasSize(1);
    }

    @Test
    void aReversalRecordedLateKeepsTheSplitDecidedInRecordOrder() {
        Instant day1 = Instant.parse("2024-09-01T02:00:00Z");
        Instant day2 = Instant.parse("2024-09-02T02:00:00Z");
        Instant day3 = Instant.parse("2024-09-03T02:00:00Z");
        Instant day4 = Instant.parse("2024-09-04T02:00:00Z");
        ledger.record(ledger.allocation(FUND, QINGJIANGPU, "1000.00"), day1, day1);
        ledger.record(ledger.grant("S-1", FUND, QINGJIANGPU, Programme.APPLIANCE, "100.00"), day1, day1);
        ledger.record(ledger.payment("S-1", "100.00"), day3, day3);
        // Occurred on day 2 (before the payment) but recorded after it: by then nothing was unpaid.
        ledger.record(ledger.reversal("S-1", "100.00"), day2, day4);
        post();

        assertThat(row(FUND, QINGJIANGPU)).isEqualTo(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "100.00", "0.00", "0.00", "100.00", "1000.00"));
        assertThat(allRows(null, new Bitemporal(LocalDate.parse("2024-09-02"), null))).containsExactly(
                expected(FUND, QINGJIANGPU, "1000.00", "0.00", "100.00", "100.00", "-100.00", "100.00", "1000.00"));
    }

    @Test
    void balancesArePagedInFundThenRegionOrder() {
        // '-' sorts before '.' in byte order but not in every locale: pages must follow one order.
        List<String> funds = List.of("F-2024.B", "F-2024-C", "F-2024-A");
        for (String fund : funds) {
            for (String region : List.of(LIANSHUI, HUAIAN_DISTRICT, QINGJIANGPU)) {
                ledger.allocated(fund, region, "1.00");
            }
        }
        post();

        List<BalanceRow> seen = new ArrayList<>();
        String key = null;
        int pages = 0;
        do {
            BalancesView page = projection.balances(new FindBalancesQuery(null, null, null, null, key, 4));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(4).isNotEmpty();
            seen.addAll(page.items());
            key = page.nextKey();
            pages++;
        } while (key != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).extracting(r -> r.fundId() + "/" + r.regionCode()).containsExactly(
                "F-2024-A/320803", "F-2024-A/320812", "F-2024-A/320826",
                "F-2024-C/320803", "F-2024-C/320812", "F-2024-C/320826",
                "F-2024.B/320803", "F-2024.B/320812", "F-2024.B/320826");
        assertThat(projection.balances(new FindBalancesQuery(null, null, null, null, null, 9)).nextKey())
                .as("an exactly full last page has no next key").isNull();
    }

    @Test
    void postingsArePagedInLedgerOrder() {
        ledger.allocated(FUND, QINGJIANGPU, "1000.00");
        for (int i = 1; i <= 4; i++) {
            ledger.granted("S-" + i, FUND, QINGJIANGPU, i + ".00");
        }
        post();

        String quota = Accounts.quota(FUND, QINGJIANGPU);
        List<String> seen = new ArrayList<>();
        String key = null;
        do {
            PostingsView page = projection.postings(new FindPostingsQuery(quota, null, key, 2));
            assertThat(page.accountId()).isEqualTo(quota);
            page.items().forEach(p -> seen.add(p.eventType() + " " + p.debit() + "/" + p.credit()));
            key = page.nextKey();
        } while (key != null);

        assertThat(seen).containsExactly("FundAllocated 1000.00/0.00", "SubsidyGranted 0.00/1.00",
                "SubsidyGranted 0.00/2.00", "SubsidyGranted 0.00/3.00", "SubsidyGranted 0.00/4.00");
        assertThat(projection.postings(new FindPostingsQuery("quota:F-NONE:320812", null, null, 10)).items())
                .isEmpty();
    }

    @Test
    void aPageKeyIsAcceptedOnlyByTheQueryThatReturnedIt() {
        for (String region : List.of(LIANSHUI, HUAIAN_DISTRICT)) {
            ledger.allocated(FUND, region, "1.00");
        }
        post();
        String balancesKey = projection.balances(new FindBalancesQuery(null, null, null, null, null, 1)).nextKey();
        assertThat(balancesKey).isNotNull();

        assertThatThrownBy(() -> projection.postings(new FindPostingsQuery(Accounts.pool(FUND), null, balancesKey, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> projection.balances(new FindBalancesQuery(null, null, null, null, "not*a*key", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FindBalancesQuery(null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FindPostingsQuery(Accounts.WORLD, null, null, 1_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesAreAnsweredThroughTheQueryBus() throws Exception {
        ledger.appropriated(FUND, "100.00");
        ledger.allocated(FUND, QINGJIANGPU, "60.00");
        post();
        QueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(projection).subscribe(bus);

        BalancesView balances = bus.query(new GenericQueryMessage<>(
                new FindBalancesQuery(FUND, null, null, Bitemporal.EVERYTHING, null, 10),
                ResponseTypes.instanceOf(BalancesView.class))).get().getPayload();
        TrialBalanceView trial = bus.query(new GenericQueryMessage<>(new FindTrialBalanceQuery(Bitemporal.EVERYTHING),
                ResponseTypes.instanceOf(TrialBalanceView.class))).get().getPayload();
        PostingsView pool = bus.query(new GenericQueryMessage<>(
                new FindPostingsQuery(Accounts.pool(FUND), Bitemporal.EVERYTHING, null, 10),
                ResponseTypes.instanceOf(PostingsView.class))).get().getPayload();

        assertThat(balances.items()).singleElement().satisfies(r -> assertThat(r.available()).isEqualTo(yuan("60.00")));
        assertThat(trial).isEqualTo(new TrialBalanceView(yuan("160.00"), yuan("160.00"), true));
        assertThat(pool.items()).hasSize(2);
    }

    @Test
    void eventsWithoutATrackingTokenAreOrderedAfterEverythingPostedBefore() {
        ledger.allocated(FUND, QINGJIANGPU, "1000.00");
        ledger.granted("S-1", FUND, QINGJIANGPU, "1.00");
        post();
        // A subscribing processor or a direct call delivers plain messages, without a position.
        TestEvents plain = new TestEvents();
        Instant later = ledger.now().plusSeconds(60);
        feed.one(plain.message(ledger.grant("S-2", FUND, QINGJIANGPU, Programme.APPLIANCE, "2.00"), later, later));
        feed.one(plain.message(ledger.grant("S-3", FUND, QINGJIANGPU, Programme.APPLIANCE, "3.00"), later, later));

        assertThat(postings(Accounts.quota(FUND, QINGJIANGPU))).extracting(PostingView::credit)
                .containsExactly(Money.ZERO, yuan("1.00"), yuan("2.00"), yuan("3.00"));
        assertThat(jdbc.queryForList("SELECT DISTINCT position FROM balance_posting ORDER BY position", Long.class))
                .containsExactly(101L, 103L, 104L, 105L);
    }

    /** Feeds every message written since the last call, as one tracking-processor batch. */
    void post() {
        List<EventMessage<?>> messages = ledger.messages();
        feed.batch(messages.subList(fed, messages.size()));
        fed = messages.size();
    }

    BalanceRow row(String fundId, String regionCode) {
        List<BalanceRow> rows = rows(fundId, regionCode, null);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    List<BalanceRow> rows(String fundId, String regionCode, Programme programme) {
        BalancesView view = projection.balances(
                new FindBalancesQuery(fundId, regionCode, programme, Bitemporal.EVERYTHING, null, 1_000));
        assertThat(view.nextKey()).isNull();
        return view.items();
    }

    List<BalanceRow> allRows(Programme programme, Bitemporal time) {
        return projection.balances(new FindBalancesQuery(null, null, programme, time, null, 1_000)).items();
    }

    List<PostingView> postings(String accountId) {
        PostingsView view = projection.postings(new FindPostingsQuery(accountId, Bitemporal.EVERYTHING, null, 1_000));
        assertThat(view.nextKey()).isNull();
        return view.items();
    }

    PostingView lastPosting(String accountId) {
        List<PostingView> postings = postings(accountId);
        return postings.get(postings.size() - 1);
    }

    Money balanceOf(String accountId) {
        Money balance = Money.ZERO;
        for (PostingView p : postings(accountId)) {
            balance = balance.plus(p.debit()).minus(p.credit());
        }
        return balance;
    }

    /** "lineNo accountId ±fen" of every line of one event, in line order. */
    List<String> linesOf(EventMessage<?> message) {
        return jdbc.query("SELECT line_no, account_id, amount_fen FROM balance_posting WHERE ledger_event_id = ? "
                        + "ORDER BY line_no",
                (rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + (rs.getLong(3) > 0 ? "+" : "")
                        + rs.getLong(3), message.getIdentifier());
    }

    static Money yuan(String amount) {
        return Money.parse(amount);
    }

    static BalanceRow expected(String fundId, String regionCode, String allocated, String reclaimed, String granted,
                               String committed, String paid, String reversed, String available) {
        return new BalanceRow(fundId, regionCode, yuan(allocated), yuan(reclaimed), yuan(granted), yuan(committed),
                yuan(paid), yuan(reversed), yuan(available));
    }
}
