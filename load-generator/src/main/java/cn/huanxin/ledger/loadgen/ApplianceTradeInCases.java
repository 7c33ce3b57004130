package cn.huanxin.ledger.loadgen;

import cn.huanxin.ledger.loadgen.EnterpriseSetup.CountyPool;
import cn.huanxin.ledger.loadgen.EnterpriseSetup.Enterprise;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An appliance trade-in: a dealer collects the resident's old appliance, the resident is granted a
 * subsidy on a new one with the old item as proof, the subsidy is paid, the old appliance is handed
 * over to a recycler and dismantled. Now and then the subsidy is reversed.
 */
final class ApplianceTradeInCases {

    static final List<String> CATEGORIES_2024 = List.of("REFRIGERATOR", "WASHING_MACHINE", "TV",
            "AIR_CONDITIONER", "COMPUTER", "WATER_HEATER", "STOVE", "RANGE_HOOD");
    private static final Map<String, List<String>> STREETS = Map.of(
            "320803", List.of("翔宇大道", "镇淮楼东路", "楚州大道", "河下古镇路"),
            "320804", List.of("长江东路", "承德南路", "北京东路", "黄河路"),
            "320812", List.of("健康东路", "淮海南路", "解放东路", "承德北路", "翔宇北道"),
            "320813", List.of("东风路", "人民北路", "大庆路"),
            "320826", List.of("安东路", "红日大道", "涟城路"),
            "320830", List.of("五墩路", "山水大道", "东湖南路"),
            "320831", List.of("建设路", "衡阳路", "金湖东路"));
    private static final BigDecimal GRADE_1_RATE = new BigDecimal("0.20");
    private static final BigDecimal GRADE_2_RATE = new BigDecimal("0.15");
    private static final BigDecimal MAXIMUM_SUBSIDY = BigDecimal.valueOf(2000);

    private final GeneratorSupport support;
    private final Random random;
    private final EnterpriseSetup enterprises;
    private final FundSetup funds;
    private final Residents residents;
    private final Subsidies subsidies;

    ApplianceTradeInCases(GeneratorSupport support, EnterpriseSetup enterprises, FundSetup funds, Residents residents,
                          Subsidies subsidies) {
        this.support = support;
        this.random = support.random();
        this.enterprises = enterprises;
        this.funds = funds;
        this.residents = residents;
        this.subsidies = subsidies;
    }

    List<Draft> next(String county, LocalDate day) {
        List<Draft> out = new ArrayList<>();
        Enterprise dealer = enterprises.dealerFor(county, day, false, out);
        Product product = Catalog.appliance(random, support.pick(CATEGORIES_2024));
        out.addAll(tradeIn(county, day, dealer, product, null, null));
        return out;
    }

    /**
     * One trade-in by the dealer of the product at its price, as {@link #next} drafts it. A planted case
     * names the serial number of the new product, or that of the old appliance collected (then of the
     * new product's category); {@code null} draws them as the background does.
     */
    List<Draft> tradeIn(String county, LocalDate day, Enterprise dealer, Product product, String newSerialNo,
                        String oldSerialNo) {
        CountyPool pool = enterprises.pool(county);
        Enterprise recycler = support.pick(pool.recyclers());
        Enterprise dismantler = random.nextDouble() < 0.8
                ? pool.recyclers().get(0)
                : support.pick(enterprises.weeeDismantlers());
        // A new resident for every appliance trade-in: one person with two subsidies for one category
        // in a year is R01's case, and the background must not plant it by chance.
        String person = residents.person(county, 0.0);
        int caseNumber = support.nextCaseNumber();
        String returnId = support.runId() + "-R-" + county + "-" + GeneratorSupport.sequence(caseNumber);
        String subsidyId = support.runId() + "-S-" + county + "-" + GeneratorSupport.sequence(caseNumber);
        List<Draft> out = new ArrayList<>();

        OffsetDateTime collected = support.at(day);
        ObjectNode collection = support.object();
        collection.put("returnId", returnId);
        String oldCategory = random.nextDouble() < 0.85 || oldSerialNo != null
                ? product.category() : support.pick(CATEGORIES_2024);
        collection.put("category", oldCategory);
        collection.put("brand", support.pick(Catalog.OLD_BRANDS));
        collection.put("model", Catalog.oldModel(random, oldCategory));
        // Old serial numbers have 14 characters and new ones 15, so that the background never sells an
        // old item's serial number as new (R23's case).
        if (oldSerialNo != null) {
            collection.put("serialNo", oldSerialNo);
        } else if (random.nextDouble() < 0.6) {
            collection.put("serialNo", support.alphanumeric(14));
        }
        collection.putObject("owner").put("idNumber", person);
        collection.put("collectorId", dealer.id());
        collection.put("collectedOn", day.toString());
        collection.put("regionCode", county);
        if (random.nextDouble() < 0.5) {
            collection.put("subsidyId", subsidyId);
        }
        out.add(support.draft("ApplianceCollected", "appliance:" + returnId, collected, collection));

        OffsetDateTime granted = collected.plusMinutes(15 + random.nextInt(120));
        int grade = random.nextDouble() < 0.75 ? 1 : 2;
        BigDecimal rate = grade == 1 ? GRADE_1_RATE : GRADE_2_RATE;
        BigDecimal amount = product.price().multiply(rate).setScale(2, RoundingMode.HALF_UP).min(MAXIMUM_SUBSIDY);
        ObjectNode grant = subsidies.grantToResident(subsidyId, funds.fundId(county), county, "APPLIANCE", person,
                dealer.id(), product);
        ObjectNode newProduct = (ObjectNode) grant.get("product");
        newProduct.put("serialNo", newSerialNo != null ? newSerialNo : support.alphanumeric(15));
        newProduct.put("energyGrade", grade);
        newProduct.put("price", GeneratorSupport.money(product.price()));
        Subsidies.invoiced(grant, support.runId() + "-FP-" + GeneratorSupport.sequence(caseNumber), amount,
                "APPLIANCE", returnId);
        if (random.nextDouble() < 0.75) {
            String where = random.nextDouble() < 0.9 ? county : support.randomCounty();
            grant.put("deliveryAddress", address(where));
            grant.put("deliveryRegionCode", where);
        }
        out.add(support.draft("SubsidyGranted", "subsidy:" + subsidyId, granted, grant));
        funds.granted(county, amount);

        OffsetDateTime paid = support.later(granted, 5, 25);
        out.add(subsidies.paid(subsidyId, caseNumber, amount, paid, subsidies.residentAccount()));

        OffsetDateTime handed = support.later(collected, 1, 6);
        ObjectNode handOver = support.object();
        handOver.put("returnId", returnId);
        handOver.put("toEnterpriseId", recycler.id());
        handOver.put("handedOverOn", handed.toLocalDate().toString());
        out.add(support.draft("ApplianceHandedOver", "appliance:" + returnId, handed, handOver));

        OffsetDateTime dismantled = support.later(handed, 3, 20);
        ObjectNode dismantling = support.object();
        dismantling.put("returnId", returnId);
        dismantling.put("dismantlerId", dismantler.id());
        dismantling.put("dismantledOn", dismantled.toLocalDate().toString());
        out.add(support.draft("ApplianceDismantled", "appliance:" + returnId, dismantled, dismantling));

        if (random.nextDouble() < 0.03) {
            out.add(subsidies.reversal(subsidyId, caseNumber, amount, support.later(paid, 1, 15)));
        }
        return out;
    }

    /**
     * A delivery address in the region; a region outside the programme gets an address in Suqian, the
     * neighbouring city.
     */
    private String address(String region) {
        if (!GeneratorSupport.COUNTIES.containsKey(region)) {
            return "江苏省宿迁市宿城区洪泽湖路" + (1 + random.nextInt(300)) + "号" + (1 + random.nextInt(20)) + "幢" + room();
        }
        return "江苏省淮安市" + GeneratorSupport.COUNTIES.get(region) + support.pick(STREETS.get(region))
                + (1 + random.nextInt(400)) + "号" + (1 + random.nextInt(30)) + "幢" + (1 + random.nextInt(4)) + "单元"
                + room();
    }

    private String room() {
        return (1 + random.nextInt(26)) + String.format("%02d", 1 + random.nextInt(4)) + "室";
    }
}
