package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enterprises of the setup, registered and qualified: in each county appliance and car dealers,
 * recyclers (one of which dismantles appliances), a vehicle recycler, manufacturers and a utility
 * operator. The cases draw their parties from these pools; later dealers that join the programme
 * during the year are registered here too but do not join the pools.
 */
final class EnterpriseSetup {

    /** An enterprise of the programme; its bank account is drawn but no event carries it. */
    record Enterprise(String id, String county, String name, String bankAccount) {
    }

    /** The enterprises of one county, by the part they play in the cases. */
    record CountyPool(List<Enterprise> applianceDealers, List<Enterprise> carDealers, List<Enterprise> recyclers,
                      List<Enterprise> vehicleRecyclers, List<Enterprise> operators) {

        static CountyPool empty() {
            return new CountyPool(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }
    }

    /** A qualification that a qualification case may revoke. */
    record Revocable(String enterpriseId, String qualification) {
    }

    private static final LocalDate FIRST_REGISTRATION = LocalDate.of(2023, 3, 1);
    private static final int REGISTRATION_SPAN_DAYS = 400;
    private static final List<String> SURNAMES = List.of("华", "鑫源", "恒达", "金诚", "瑞丰", "兴隆", "宏远", "嘉禾",
            "永盛", "润泽", "联华", "信达", "苏淮", "运河", "洪泽湖", "翔宇", "淮扬", "楚秀", "周恩", "天和", "德润", "广源");
    private static final List<String> MANUFACTURER_SUFFIXES = List.of("机械制造有限公司", "新材料科技有限公司", "食品有限公司",
            "纺织有限公司", "电子科技有限公司", "化工有限公司");

    private final GeneratorSupport support;
    private final Map<String, CountyPool> pools = new LinkedHashMap<>();
    private final List<Enterprise> weeeDismantlers = new ArrayList<>();
    private final List<Revocable> revocable = new ArrayList<>();
    private int enterpriseSerial;

    EnterpriseSetup(GeneratorSupport support) {
        this.support = support;
    }

    CountyPool pool(String county) {
        return pools.get(county);
    }

    /** The recyclers of all counties that may dismantle waste electrical and electronic equipment. */
    List<Enterprise> weeeDismantlers() {
        return weeeDismantlers;
    }

    /** Registers and qualifies the pools of every county; the first thing the generator drafts. */
    List<Draft> enterpriseEvents() {
        List<Draft> out = new ArrayList<>();
        for (String county : GeneratorSupport.COUNTIES.keySet()) {
            CountyPool pool = CountyPool.empty();
            pools.put(county, pool);
            for (int i = 0; i < 4; i++) {
                Enterprise dealer = enterprise(county, "家电销售有限公司");
                pool.applianceDealers().add(dealer);
                LocalDate registeredOn = register(out, dealer, List.of("DEALER"), randomRegistrationDate());
                qualify(out, dealer, registeredOn, "DEALER_FILING", 5);
            }
            for (int i = 0; i < 2; i++) {
                Enterprise dealer = enterprise(county, "汽车销售服务有限公司");
                pool.carDealers().add(dealer);
                LocalDate registeredOn = register(out, dealer, List.of("DEALER"), randomRegistrationDate());
                qualify(out, dealer, registeredOn, "DEALER_FILING", 5);
            }
            for (int i = 0; i < 2; i++) {
                boolean dismantles = i == 0;
                Enterprise recycler = enterprise(county, dismantles ? "再生资源回收利用有限公司" : "再生资源回收有限公司");
                pool.recyclers().add(recycler);
                LocalDate registeredOn = register(out, recycler,
                        dismantles ? List.of("RECYCLER", "DISMANTLER") : List.of("RECYCLER"), randomRegistrationDate());
                qualify(out, recycler, registeredOn, "RECYCLING_FILING", 3);
                if (dismantles) {
                    weeeDismantlers.add(recycler);
                    qualify(out, recycler, registeredOn, "WEEE_PROCESSING", 5);
                }
                if (support.random().nextDouble() < 0.4) {
                    qualify(out, recycler, registeredOn, "HAZARDOUS_WASTE", 5);
                    revocable.add(new Revocable(recycler.id(), "HAZARDOUS_WASTE"));
                }
            }
            Enterprise vehicleRecycler = enterprise(county, "报废汽车回收拆解有限公司");
            pool.vehicleRecyclers().add(vehicleRecycler);
            LocalDate registeredOn = register(out, vehicleRecycler, List.of("VEHICLE_RECYCLER", "DISMANTLER"),
                    randomRegistrationDate());
            qualify(out, vehicleRecycler, registeredOn, "VEHICLE_RECYCLING", 5);
            for (int i = 0; i < 3; i++) {
                boolean operator = i == 2;
                Enterprise enterprise = enterprise(county,
                        operator ? "公用事业运营有限公司" : support.pick(MANUFACTURER_SUFFIXES));
                pool.operators().add(enterprise);
                register(out, enterprise, List.of(operator ? "OPERATOR" : "MANUFACTURER"), randomRegistrationDate());
            }
        }
        return out;
    }

    /** Whether a qualification is left that a qualification case could revoke. */
    boolean hasRevocable() {
        return !revocable.isEmpty();
    }

    /** Removes a random revocable qualification, so that none is revoked twice. */
    Revocable takeRevocable() {
        return revocable.remove(support.random().nextInt(revocable.size()));
    }

    /** Whether the enterprise codes of the run have room for another enterprise. */
    boolean canRegisterMore() {
        return enterpriseSerial < Identifiers.MAX_ENTERPRISES;
    }

    /**
     * The most grants one dealer books on one day in the background. A busy day is busy for everyone,
     * and more dealers take part, rather than one dealer booking far beyond its usual day: rule R24
     * raises a dealer's day of at least 20 grants (and five times its average), so the background
     * stays below that whatever the number of events generated.
     */
    static final int DEALER_DAILY_GRANTS = 12;

    private final Map<String, Map<LocalDate, Integer>> dealerDays = new HashMap<>();
    private final Map<String, LocalDate> dealerJoined = new HashMap<>();

    /**
     * The dealer of a grant in the county on the day: one of the county's appliance or car dealers with
     * fewer than {@link #DEALER_DAILY_GRANTS} grants that day; when all are that busy, a new dealer
     * joins the programme that day (its registration and filing are drafted into {@code out}) and
     * the county's pool from then on.
     */
    Enterprise dealerFor(String county, LocalDate day, boolean cars, List<Draft> out) {
        List<Enterprise> dealers = cars ? pool(county).carDealers() : pool(county).applianceDealers();
        List<Enterprise> free = dealers.stream()
                .filter(d -> !dealerJoined.getOrDefault(d.id(), day).isAfter(day))
                .filter(d -> dealerDays.getOrDefault(d.id(), Map.of()).getOrDefault(day, 0) < DEALER_DAILY_GRANTS)
                .toList();
        Enterprise dealer;
        if (free.isEmpty()) {
            dealer = joinOn(county, day, cars, out);
            dealers.add(dealer);
            dealerJoined.put(dealer.id(), day);
        } else {
            dealer = support.pick(free);
        }
        dealerDays.computeIfAbsent(dealer.id(), k -> new HashMap<>()).merge(day, 1, Integer::sum);
        return dealer;
    }

    /**
     * A dealer that joins the programme on the day, registered and filed, drafted into {@code out}; it
     * is in no county's pool (the planted cases' merchants).
     */
    Enterprise joinOn(String county, LocalDate day, boolean cars, List<Draft> out) {
        Enterprise dealer = enterprise(county, cars ? "汽车销售服务有限公司" : "家电销售有限公司");
        LocalDate registeredOn = register(out, dealer, List.of("DEALER"), day);
        qualify(out, dealer, registeredOn, "DEALER_FILING", 5);
        return dealer;
    }

    /** A new appliance dealer joins the programme on the day, registered and filed at once. */
    List<Draft> newDealer(String county, LocalDate day) {
        List<Draft> out = new ArrayList<>();
        Enterprise dealer = enterprise(county, "家电销售有限公司");
        LocalDate registeredOn = register(out, dealer, List.of("DEALER"), day);
        qualify(out, dealer, registeredOn, "DEALER_FILING", 5);
        return out;
    }

    private LocalDate randomRegistrationDate() {
        return support.randomDate(FIRST_REGISTRATION, REGISTRATION_SPAN_DAYS);
    }

    /** Sales companies are named with the city and the county, the others with the city only. */
    private Enterprise enterprise(String county, String suffix) {
        String id = support.identifiers().enterpriseId(county, enterpriseSerial++);
        String name = suffix.contains("销售")
                ? "淮安市" + GeneratorSupport.COUNTIES.get(county) + support.pick(SURNAMES) + suffix
                : "淮安" + support.pick(SURNAMES) + support.pick(List.of("", "瑞", "通", "盛", "达", "安")) + suffix;
        String bankAccount = support.pick(List.of("3205017136", "1109104019", "1007010109", "1005150201"))
                + support.digits(10);
        return new Enterprise(id, county, name, bankAccount);
    }

    /** Drafts the registration and returns its date, which the enterprise's qualifications follow. */
    private LocalDate register(List<Draft> out, Enterprise enterprise, List<String> roles, LocalDate on) {
        ObjectNode payload = support.object();
        payload.put("enterpriseId", enterprise.id());
        payload.put("name", enterprise.name());
        ArrayNode roleNodes = payload.putArray("roles");
        roles.forEach(roleNodes::add);
        payload.put("regionCode", enterprise.county());
        out.add(support.draft("EnterpriseRegistered", "enterprise:" + enterprise.id(), support.at(on), payload));
        return on;
    }

    private void qualify(List<Draft> out, Enterprise enterprise, LocalDate registeredOn, String qualification,
                         int years) {
        LocalDate from = registeredOn.plusDays(10 + support.random().nextInt(60));
        if (from.isAfter(GeneratorSupport.LAST_DAY)) {
            from = GeneratorSupport.LAST_DAY;
        }
        ObjectNode payload = support.object();
        payload.put("enterpriseId", enterprise.id());
        payload.put("qualification", qualification);
        payload.put("certificateNo", support.runId() + "-" + qualification.substring(0, 3) + "-" + enterprise.county()
                + "-" + support.nextDocumentNumber());
        payload.put("validFrom", from.toString());
        if (support.random().nextDouble() < 0.9) {
            payload.put("validTo", from.plusYears(years).minusDays(1).toString());
        }
        out.add(support.draft("QualificationGranted", "enterprise:" + enterprise.id(), support.at(from), payload));
    }
}
