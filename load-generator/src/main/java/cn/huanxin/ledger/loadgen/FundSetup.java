package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fund of each county, opened, appropriated and allocated in the setup, and the quota the cases
 * take from it.
 *
 * <p>The setup's fund events are drafted only after the cases, because a county's allocation is
 * sized to what its cases were granted and reclaimed; they are still posted first. Quota that is
 * left unused is partly reclaimed at the end of the year.
 */
final class FundSetup {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal HUNDRED_THOUSAND = BigDecimal.valueOf(100_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final GeneratorSupport support;
    private final Map<String, BigDecimal> grantedByCounty = new LinkedHashMap<>();
    private final Map<String, BigDecimal> reclaimedByCounty = new LinkedHashMap<>();

    FundSetup(GeneratorSupport support) {
        this.support = support;
        for (String county : GeneratorSupport.COUNTIES.keySet()) {
            grantedByCounty.put(county, BigDecimal.ZERO);
            reclaimedByCounty.put(county, BigDecimal.ZERO);
        }
    }

    /** The number of events {@link #fundEvents()} drafts. */
    static int fundEventCount() {
        return 3 * GeneratorSupport.COUNTIES.size();
    }

    String fundId(String county) {
        return support.runId() + "-FUND-2024-" + county;
    }

    /** Takes a granted subsidy from the county's quota. */
    void granted(String county, BigDecimal amount) {
        grantedByCounty.merge(county, amount, BigDecimal::add);
    }

    /** Each county's fund opened, appropriated in whole millions and allocated; drafted after the cases. */
    List<Draft> fundEvents() {
        List<Draft> out = new ArrayList<>();
        for (Map.Entry<String, String> county : GeneratorSupport.COUNTIES.entrySet()) {
            String code = county.getKey();
            String fundId = fundId(code);
            BigDecimal allocation = allocation(code);
            BigDecimal appropriation = allocation.divide(MILLION, 0, RoundingMode.CEILING).multiply(MILLION);

            ObjectNode opened = support.object();
            opened.put("fundId", fundId);
            opened.put("name", "2024年" + county.getValue() + "消费品以旧换新超长期特别国债资金");
            opened.put("year", 2024);
            opened.put("scheme", "CONSUMER_TRADE_IN");
            opened.put("source", "CENTRAL_BOND");
            opened.put("regionCode", code);
            opened.put("documentNo", "HCJ-2024-" + support.nextDocumentNumber());
            out.add(support.draft("FundOpened", "fund:" + fundId, support.at(LocalDate.of(2024, 7, 26)), opened));

            ObjectNode appropriated = support.object();
            appropriated.put("fundId", fundId);
            appropriated.put("appropriationId", support.runId() + "-APR-2024-" + code);
            appropriated.put("amount", GeneratorSupport.money(appropriation));
            appropriated.put("documentNo", "SCJ-2024-" + support.nextDocumentNumber());
            out.add(support.draft("FundAppropriated", "fund:" + fundId, support.at(LocalDate.of(2024, 7, 29)),
                    appropriated));

            ObjectNode allocated = support.object();
            allocated.put("fundId", fundId);
            allocated.put("allocationId", support.runId() + "-ALC-2024-" + code);
            allocated.put("regionCode", code);
            allocated.put("amount", GeneratorSupport.money(allocation));
            allocated.put("documentNo", "HCJ-2024-" + support.nextDocumentNumber());
            out.add(support.draft("FundAllocated", "fund:" + fundId, support.at(LocalDate.of(2024, 7, 31)), allocated));
        }
        return out;
    }

    /** A case of its own: the county hands some quota back during the year. */
    List<Draft> midYearReclaim(String county, LocalDate day) {
        BigDecimal amount = BigDecimal.valueOf(50 + support.random().nextInt(451)).multiply(BigDecimal.valueOf(1000));
        reclaimedByCounty.merge(county, amount, BigDecimal::add);
        return List.of(reclaim(county, day, amount));
    }

    /** On the last day of the year, each county reclaims most of the quota its cases left unused. */
    List<Draft> yearEndReclaims() {
        List<Draft> out = new ArrayList<>();
        for (String county : GeneratorSupport.COUNTIES.keySet()) {
            BigDecimal unused = allocation(county).subtract(grantedByCounty.get(county))
                    .subtract(reclaimedByCounty.get(county));
            BigDecimal amount = unused.multiply(new BigDecimal("0.6"))
                    .divide(HUNDRED, 0, RoundingMode.FLOOR).multiply(HUNDRED);
            out.add(reclaim(county, GeneratorSupport.LAST_DAY, amount.max(HUNDRED)));
        }
        return out;
    }

    /** Enough quota for everything granted and reclaimed during the year, with a margin to reclaim. */
    private BigDecimal allocation(String county) {
        BigDecimal need = grantedByCounty.get(county).add(reclaimedByCounty.get(county))
                .multiply(new BigDecimal("1.15")).add(BigDecimal.valueOf(500_000));
        return need.divide(HUNDRED_THOUSAND, 0, RoundingMode.CEILING).multiply(HUNDRED_THOUSAND);
    }

    private Draft reclaim(String county, LocalDate on, BigDecimal amount) {
        ObjectNode payload = support.object();
        payload.put("fundId", fundId(county));
        payload.put("reclaimId", support.runId() + "-RCL-" + county + "-"
                + GeneratorSupport.sequence(support.nextCaseNumber()));
        payload.put("regionCode", county);
        payload.put("amount", GeneratorSupport.money(amount));
        payload.put("documentNo", "HCJ-2024-" + support.nextDocumentNumber());
        return support.draft("FundReclaimed", "fund:" + fundId(county), support.at(on), payload);
    }
}
