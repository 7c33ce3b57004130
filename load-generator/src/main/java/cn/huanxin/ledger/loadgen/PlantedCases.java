package cn.huanxin.ledger.loadgen;

import cn.huanxin.ledger.loadgen.EnterpriseSetup.Enterprise;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of fraud rules R22, R23 and R24 planted on the background (the generator's {@code plant}
 * option), each a full appliance trade-in chain like the background's, so that only the planted rule
 * has anything to say about it:
 * <ul>
 *   <li>R22 campaign price markup: a dealer of Qingjiangpu that joins on 2024-08-01 sells the first
 *       refrigerator model of the catalogue at its list price four times in August, then lifts it by
 *       25% for three sales in September, its second month;</li>
 *   <li>R23 old sold as new: a refrigerator collected as an old item in Huaiyin on 2024-09-10 is sold
 *       as new, with its serial number, on 2024-09-24;</li>
 *   <li>R24 merchant burst: a dealer of Huaiyin that joins on 2024-08-01 books three trade-ins a day
 *       for 28 days, then 60 on 2024-08-29.</li>
 * </ul>
 * The dealers are new enterprises outside the counties' pools, so the background never uses them.
 */
final class PlantedCases {

    /** What a planted case must raise: the rule and the alert's subject and window. */
    record Expected(String ruleId, String subjectKind, String subjectRef, String window) {
    }

    /** The drafts of one planted case and the day it belongs to in the case order. */
    record Dated(LocalDate day, List<Draft> drafts) {
    }

    private static final LocalDate START = LocalDate.of(2024, 8, 1);
    private static final String MARKUP_COUNTY = "320812";
    private static final String BURST_COUNTY = "320804";

    private final GeneratorSupport support;
    private final EnterpriseSetup enterprises;
    private final ApplianceTradeInCases tradeIns;
    private final List<Dated> cases = new ArrayList<>();
    private final List<Expected> expected = new ArrayList<>();

    PlantedCases(GeneratorSupport support, EnterpriseSetup enterprises, ApplianceTradeInCases tradeIns) {
        this.support = support;
        this.enterprises = enterprises;
        this.tradeIns = tradeIns;
    }

    /** Drafts every planted case; call once. */
    void draft() {
        markup();
        oldSoldAsNew();
        burst();
    }

    List<Dated> cases() {
        return cases;
    }

    List<Expected> expected() {
        return expected;
    }

    private void markup() {
        List<Draft> joining = new ArrayList<>();
        Enterprise dealer = enterprises.joinOn(MARKUP_COUNTY, START, false, joining);
        Product listed = Catalog.listed("REFRIGERATOR", 0);
        Product lifted = Catalog.listed("REFRIGERATOR", 25);
        for (int week = 0; week < 4; week++) {
            LocalDate day = START.plusDays(4 + 7L * week);
            List<Draft> drafts = new ArrayList<>(week == 0 ? joining : List.of());
            drafts.addAll(tradeIns.tradeIn(MARKUP_COUNTY, day, dealer, listed, null, null));
            cases.add(new Dated(day, drafts));
        }
        for (int week = 0; week < 3; week++) {
            LocalDate day = LocalDate.of(2024, 9, 3).plusDays(7L * week);
            cases.add(new Dated(day, tradeIns.tradeIn(MARKUP_COUNTY, day, dealer, lifted, null, null)));
        }
        expected.add(new Expected("R22", "merchant-model", dealer.id() + "|" + lifted.category() + "|"
                + lifted.brand() + "|" + lifted.model(), "2024-09"));
    }

    private void oldSoldAsNew() {
        String serialNo = support.runId() + "-OLD-" + support.alphanumeric(10);
        LocalDate collected = LocalDate.of(2024, 9, 10);
        LocalDate sold = LocalDate.of(2024, 9, 24);
        List<Draft> first = new ArrayList<>();
        Enterprise collector = enterprises.dealerFor(BURST_COUNTY, collected, false, first);
        first.addAll(tradeIns.tradeIn(BURST_COUNTY, collected, collector,
                Catalog.appliance(support.random(), "REFRIGERATOR"), null, serialNo));
        cases.add(new Dated(collected, first));
        List<Draft> second = new ArrayList<>();
        Enterprise seller = enterprises.dealerFor(MARKUP_COUNTY, sold, false, second);
        second.addAll(tradeIns.tradeIn(MARKUP_COUNTY, sold, seller, Catalog.appliance(support.random(), "REFRIGERATOR"),
                serialNo, null));
        cases.add(new Dated(sold, second));
        expected.add(new Expected("R23", "serial", "REFRIGERATOR|" + serialNo, null));
    }

    private void burst() {
        List<Draft> joining = new ArrayList<>();
        Enterprise dealer = enterprises.joinOn(BURST_COUNTY, START, false, joining);
        for (int day = 0; day < 28; day++) {
            LocalDate date = START.plusDays(day);
            for (int i = 0; i < 3; i++) {
                List<Draft> drafts = new ArrayList<>(day == 0 && i == 0 ? joining : List.of());
                drafts.addAll(tradeIns.tradeIn(BURST_COUNTY, date, dealer,
                        Catalog.appliance(support.random(), support.pick(ApplianceTradeInCases.CATEGORIES_2024)),
                        null, null));
                cases.add(new Dated(date, drafts));
            }
        }
        LocalDate burstDay = START.plusDays(28);
        for (int i = 0; i < 60; i++) {
            cases.add(new Dated(burstDay, tradeIns.tradeIn(BURST_COUNTY, burstDay, dealer,
                    Catalog.appliance(support.random(), support.pick(ApplianceTradeInCases.CATEGORIES_2024)),
                    null, null)));
        }
        expected.add(new Expected("R24", "merchant-day", dealer.id() + "|" + burstDay, burstDay.toString()));
    }
}
