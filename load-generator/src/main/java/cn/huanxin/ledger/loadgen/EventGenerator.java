package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates a deterministic (by seed and run id), realistic mix of all 19 event types of the
 * contract, set in Huai'an in the second half of 2024.
 *
 * <p>The sequence starts with the setup: for each of the seven county-level regions a fund that is
 * opened, appropriated and allocated, and a pool of dealers, recyclers, dismantlers and operators
 * that are registered and qualified. Then come independent cases: an appliance trade-in (collection,
 * grant with the old item, payment, hand-over, dismantling), a vehicle scrap (scrap certificate,
 * deregistration, dismantling, grant, payment, often a reverse invoice), a reverse invoice for scrap
 * sold by a person, an equipment renewal, now and then a quota reclaim, a qualification change, a
 * reversal. The last events are the year-end reclaims of unused quota. Every stream is created
 * before it is used, and a case only uses setup streams and streams it creates itself.
 *
 * <p>Every identifier that is not an enterprise code or a VIN starts with the run id, so that runs
 * against the same database do not collide.
 *
 * <p>The data is meant to be a clean background for the fraud rules: products carry serial
 * numbers, scrapped cars are eligible small or micro passenger cars, deliveries stay in the region
 * table, and subsidies are paid into the residents' own accounts. Alerts raised on it are worth a
 * look, though events posted concurrently may reach the deadline rules out of business-time order.
 */
public final class EventGenerator {

    /** The seven county-level regions of Huai'an, with their names. */
    static final Map<String, String> COUNTIES = new LinkedHashMap<>();

    static {
        COUNTIES.put("320803", "淮安区");
        COUNTIES.put("320804", "淮阴区");
        COUNTIES.put("320812", "清江浦区");
        COUNTIES.put("320813", "洪泽区");
        COUNTIES.put("320826", "涟水县");
        COUNTIES.put("320830", "盱眙县");
        COUNTIES.put("320831", "金湖县");
    }

    /** The event types that create their stream. */
    public static final Set<String> CREATING_TYPES = Set.of("FundOpened", "SubsidyGranted", "VehicleScrapped",
            "ApplianceCollected", "ReverseInvoiceIssued", "EnterpriseRegistered", "EquipmentRenewed");

    /** The allowed form of a run id; it prefixes ids of at most 64 characters. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,32}");

    private static final ZoneOffset CST = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final LocalDate CASES_FROM = LocalDate.of(2024, 8, 1);
    private static final int CASES_SPAN_DAYS = 131; // to 2024-12-10, so that follow-ups stay in 2024
    private static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 31);
    private static final int TAIL_THRESHOLD = 500;

    private static final List<String> CATEGORIES_2024 = List.of("REFRIGERATOR", "WASHING_MACHINE", "TV",
            "AIR_CONDITIONER", "COMPUTER", "WATER_HEATER", "STOVE", "RANGE_HOOD");
    private static final List<String> SURNAMES = List.of("华", "鑫源", "恒达", "金诚", "瑞丰", "兴隆", "宏远", "嘉禾",
            "永盛", "润泽", "联华", "信达", "苏淮", "运河", "洪泽湖", "翔宇", "淮扬", "楚秀", "周恩", "天和", "德润", "广源");
    private static final Map<String, List<String>> STREETS = Map.of(
            "320803", List.of("翔宇大道", "镇淮楼东路", "楚州大道", "河下古镇路"),
            "320804", List.of("长江东路", "承德南路", "北京东路", "黄河路"),
            "320812", List.of("健康东路", "淮海南路", "解放东路", "承德北路", "翔宇北道"),
            "320813", List.of("东风路", "人民北路", "大庆路"),
            "320826", List.of("安东路", "红日大道", "涟城路"),
            "320830", List.of("五墩路", "山水大道", "东湖南路"),
            "320831", List.of("建设路", "衡阳路", "金湖东路"));
    private static final List<String> OUTSIDE_REGIONS = List.of("320102", "321302", "320311", "321002", "340102");
    private static final List<String> OLD_ID_REGIONS = List.of("320802", "320811", "320821", "320829", "320826");

    private final String runId;
    private final Random rnd;
    private final Identifiers ids;
    private final ObjectMapper mapper = new ObjectMapper();

    private final Map<String, CountyPool> pools = new LinkedHashMap<>();
    private final List<Enterprise> weeeDismantlers = new ArrayList<>();
    private final List<String[]> revocable = new ArrayList<>();
    private final List<String> recentPersons = new ArrayList<>();
    private final Map<String, BigDecimal> grantedByCounty = new LinkedHashMap<>();
    private final Map<String, BigDecimal> reclaimedByCounty = new LinkedHashMap<>();

    private int enterpriseSerial;
    private int vehicleSerial;
    private int caseSerial;
    private int docSerial = 100;

    /**
     * @param runId prefixes every event id and every stream id; see {@link #RUN_ID}
     * @param seed  the seed of the pseudo-random choices
     */
    public EventGenerator(String runId, long seed) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-32 of [A-Za-z0-9._:-]");
        }
        this.runId = runId;
        this.rnd = new Random(seed);
        this.ids = new Identifiers(runId);
        for (String county : COUNTIES.keySet()) {
            grantedByCounty.put(county, BigDecimal.ZERO);
            reclaimedByCounty.put(county, BigDecimal.ZERO);
        }
    }

    /**
     * Generates exactly {@code total} events. A small total cuts the sequence short; any prefix of the
     * sequence keeps every reference valid.
     */
    public EventPlan generate(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("events must be at least 1");
        }
        List<Draft> enterprises = enterpriseSetup();
        int fundEvents = 3 * COUNTIES.size();
        int setupSize = fundEvents + enterprises.size();
        int tailSize = total - setupSize >= TAIL_THRESHOLD ? COUNTIES.size() : 0;
        int caseTarget = Math.max(0, total - setupSize - tailSize);

        List<List<Draft>> cases = new ArrayList<>();
        int produced = 0;
        while (produced < caseTarget) {
            double progress = (double) produced / caseTarget;
            List<Draft> c = nextCase(progress);
            if (produced + c.size() > caseTarget) {
                c = new ArrayList<>(c.subList(0, caseTarget - produced));
            }
            cases.add(c);
            produced += c.size();
        }

        List<Draft> setup = new ArrayList<>(fundSetup());
        setup.addAll(enterprises);
        if (tailSize > 0) {
            for (Draft d : yearEndReclaims()) {
                cases.add(List.of(d));
            }
        }

        int[] counter = {0};
        List<GeneratedEvent> setupEvents = new ArrayList<>();
        for (Draft d : setup) {
            if (counter[0] == total) {
                break;
            }
            setupEvents.add(finish(d, ++counter[0]));
        }
        List<List<GeneratedEvent>> caseEvents = new ArrayList<>();
        for (List<Draft> c : cases) {
            List<GeneratedEvent> events = new ArrayList<>(c.size());
            for (Draft d : c) {
                if (counter[0] == total) {
                    break;
                }
                events.add(finish(d, ++counter[0]));
            }
            if (!events.isEmpty()) {
                caseEvents.add(events);
            }
        }
        return new EventPlan(setupEvents, caseEvents);
    }

    // ---------------------------------------------------------------- setup

    private List<Draft> enterpriseSetup() {
        List<Draft> out = new ArrayList<>();
        LocalDate day = LocalDate.of(2023, 3, 1);
        for (String county : COUNTIES.keySet()) {
            CountyPool pool = new CountyPool();
            pools.put(county, pool);
            for (int i = 0; i < 4; i++) {
                Enterprise e = enterprise(county, "家电销售有限公司");
                pool.applianceDealers.add(e);
                register(out, e, List.of("DEALER"), randomDate(day, 400));
                qualify(out, e, "DEALER_FILING", 5);
            }
            for (int i = 0; i < 2; i++) {
                Enterprise e = enterprise(county, "汽车销售服务有限公司");
                pool.carDealers.add(e);
                register(out, e, List.of("DEALER"), randomDate(day, 400));
                qualify(out, e, "DEALER_FILING", 5);
            }
            for (int i = 0; i < 2; i++) {
                boolean dismantles = i == 0;
                Enterprise e = enterprise(county, dismantles ? "再生资源回收利用有限公司" : "再生资源回收有限公司");
                pool.recyclers.add(e);
                register(out, e, dismantles ? List.of("RECYCLER", "DISMANTLER") : List.of("RECYCLER"),
                        randomDate(day, 400));
                qualify(out, e, "RECYCLING_FILING", 3);
                if (dismantles) {
                    weeeDismantlers.add(e);
                    qualify(out, e, "WEEE_PROCESSING", 5);
                }
                if (rnd.nextDouble() < 0.4) {
                    qualify(out, e, "HAZARDOUS_WASTE", 5);
                    revocable.add(new String[] {e.id, "HAZARDOUS_WASTE"});
                }
            }
            Enterprise v = enterprise(county, "报废汽车回收拆解有限公司");
            pool.vehicleRecyclers.add(v);
            register(out, v, List.of("VEHICLE_RECYCLER", "DISMANTLER"), randomDate(day, 400));
            qualify(out, v, "VEHICLE_RECYCLING", 5);
            for (int i = 0; i < 3; i++) {
                boolean operator = i == 2;
                Enterprise e = enterprise(county, operator ? "公用事业运营有限公司" : pick(List.of("机械制造有限公司",
                        "新材料科技有限公司", "食品有限公司", "纺织有限公司", "电子科技有限公司", "化工有限公司")));
                pool.operators.add(e);
                register(out, e, List.of(operator ? "OPERATOR" : "MANUFACTURER"), randomDate(day, 400));
            }
        }
        return out;
    }

    private Enterprise enterprise(String county, String suffix) {
        String id = ids.enterpriseId(county, enterpriseSerial++);
        String name = suffix.contains("销售")
                ? "淮安市" + COUNTIES.get(county) + pick(SURNAMES) + suffix
                : "淮安" + pick(SURNAMES) + pick(List.of("", "瑞", "通", "盛", "达", "安")) + suffix;
        String account = pick(List.of("3205017136", "1109104019", "1007010109", "1005150201")) + digits(10);
        return new Enterprise(id, county, name, account);
    }

    private void register(List<Draft> out, Enterprise e, List<String> roles, LocalDate on) {
        e.registeredOn = on;
        ObjectNode p = obj();
        p.put("enterpriseId", e.id);
        p.put("name", e.name);
        ArrayNode r = p.putArray("roles");
        roles.forEach(r::add);
        p.put("regionCode", e.county);
        out.add(draft("EnterpriseRegistered", "enterprise:" + e.id, at(on), p));
    }

    private void qualify(List<Draft> out, Enterprise e, String qualification, int years) {
        LocalDate from = e.registeredOn.plusDays(10 + rnd.nextInt(60));
        if (from.isAfter(LAST_DAY)) {
            from = LAST_DAY;
        }
        ObjectNode p = obj();
        p.put("enterpriseId", e.id);
        p.put("qualification", qualification);
        p.put("certificateNo", runId + "-" + qualification.substring(0, 3) + "-" + e.county + "-" + (++docSerial));
        p.put("validFrom", from.toString());
        if (rnd.nextDouble() < 0.9) {
            p.put("validTo", from.plusYears(years).minusDays(1).toString());
        }
        out.add(draft("QualificationGranted", "enterprise:" + e.id, at(from), p));
    }

    private List<Draft> fundSetup() {
        List<Draft> out = new ArrayList<>();
        for (Map.Entry<String, String> c : COUNTIES.entrySet()) {
            String county = c.getKey();
            String fundId = fundId(county);
            BigDecimal allocation = allocation(county);
            BigDecimal appropriation = allocation.divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.CEILING)
                    .multiply(BigDecimal.valueOf(1_000_000));

            ObjectNode opened = obj();
            opened.put("fundId", fundId);
            opened.put("name", "2024年" + c.getValue() + "消费品以旧换新超长期特别国债资金");
            opened.put("year", 2024);
            opened.put("scheme", "CONSUMER_TRADE_IN");
            opened.put("source", "CENTRAL_BOND");
            opened.put("regionCode", county);
            opened.put("documentNo", "HCJ-2024-" + (++docSerial));
            out.add(draft("FundOpened", "fund:" + fundId, at(LocalDate.of(2024, 7, 26)), opened));

            ObjectNode appropriated = obj();
            appropriated.put("fundId", fundId);
            appropriated.put("appropriationId", runId + "-APR-2024-" + county);
            appropriated.put("amount", money(appropriation));
            appropriated.put("documentNo", "SCJ-2024-" + (++docSerial));
            out.add(draft("FundAppropriated", "fund:" + fundId, at(LocalDate.of(2024, 7, 29)), appropriated));

            ObjectNode allocated = obj();
            allocated.put("fundId", fundId);
            allocated.put("allocationId", runId + "-ALC-2024-" + county);
            allocated.put("regionCode", county);
            allocated.put("amount", money(allocation));
            allocated.put("documentNo", "HCJ-2024-" + (++docSerial));
            out.add(draft("FundAllocated", "fund:" + fundId, at(LocalDate.of(2024, 7, 31)), allocated));
        }
        return out;
    }

    /** Enough quota for everything granted and reclaimed during the year, with a margin to reclaim. */
    private BigDecimal allocation(String county) {
        BigDecimal need = grantedByCounty.get(county).add(reclaimedByCounty.get(county))
                .multiply(new BigDecimal("1.15")).add(BigDecimal.valueOf(500_000));
        return need.divide(BigDecimal.valueOf(100_000), 0, RoundingMode.CEILING).multiply(BigDecimal.valueOf(100_000));
    }

    private List<Draft> yearEndReclaims() {
        List<Draft> out = new ArrayList<>();
        for (String county : COUNTIES.keySet()) {
            BigDecimal unused = allocation(county).subtract(grantedByCounty.get(county))
                    .subtract(reclaimedByCounty.get(county));
            BigDecimal amount = unused.multiply(new BigDecimal("0.6"))
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).multiply(BigDecimal.valueOf(100));
            out.add(reclaim(county, LocalDate.of(2024, 12, 31), amount.max(BigDecimal.valueOf(100))));
        }
        return out;
    }

    private Draft reclaim(String county, LocalDate on, BigDecimal amount) {
        ObjectNode p = obj();
        p.put("fundId", fundId(county));
        p.put("reclaimId", runId + "-RCL-" + county + "-" + seq(++caseSerial));
        p.put("regionCode", county);
        p.put("amount", money(amount));
        p.put("documentNo", "HCJ-2024-" + (++docSerial));
        return draft("FundReclaimed", "fund:" + fundId(county), at(on), p);
    }

    private String fundId(String county) {
        return runId + "-FUND-2024-" + county;
    }

    // ---------------------------------------------------------------- cases

    private List<Draft> nextCase(double progress) {
        String county = pickCounty();
        LocalDate day = CASES_FROM.plusDays(Math.max(0, (int) (progress * CASES_SPAN_DAYS) + rnd.nextInt(7) - 3));
        double r = rnd.nextDouble();
        if (r < 0.60) {
            return applianceCase(county, day);
        } else if (r < 0.77) {
            return vehicleCase(county, day);
        } else if (r < 0.89) {
            return scrapInvoiceCase(county, day);
        } else if (r < 0.994) {
            return equipmentCase(county, day);
        } else if (r < 0.9955) {
            BigDecimal amount = BigDecimal.valueOf(50 + rnd.nextInt(451)).multiply(BigDecimal.valueOf(1000));
            reclaimedByCounty.merge(county, amount, BigDecimal::add);
            return List.of(reclaim(county, day, amount));
        } else {
            return qualificationCase(county, day);
        }
    }

    private String pickCounty() {
        // weights roughly by population: 清江浦, 淮安区, 淮阴区 and 涟水 are the largest
        int[] weights = {17, 16, 14, 7, 15, 10, 6};
        int x = rnd.nextInt(85);
        int i = 0;
        List<String> keys = new ArrayList<>(COUNTIES.keySet());
        while (x >= weights[i]) {
            x -= weights[i++];
        }
        return keys.get(i);
    }

    private List<Draft> applianceCase(String county, LocalDate day) {
        CountyPool pool = pools.get(county);
        Enterprise dealer = pick(pool.applianceDealers);
        Enterprise recycler = pick(pool.recyclers);
        Enterprise dismantler = rnd.nextDouble() < 0.8 ? pool.recyclers.get(0) : pick(weeeDismantlers);
        // A new resident for every appliance trade-in: one person with two subsidies for one category
        // in a year is R01's case, and the background must not plant it by chance.
        String person = person(county, 0.0);
        Product product = Catalog.appliance(rnd, pick(CATEGORIES_2024));
        int n = ++caseSerial;
        String returnId = runId + "-R-" + county + "-" + seq(n);
        String subsidyId = runId + "-S-" + county + "-" + seq(n);
        List<Draft> out = new ArrayList<>();

        OffsetDateTime collected = at(day);
        ObjectNode c = obj();
        c.put("returnId", returnId);
        String oldCategory = rnd.nextDouble() < 0.85 ? product.category() : pick(CATEGORIES_2024);
        c.put("category", oldCategory);
        c.put("brand", pick(Catalog.OLD_BRANDS));
        c.put("model", Catalog.oldModel(rnd, oldCategory));
        if (rnd.nextDouble() < 0.6) {
            c.put("serialNo", alnum(14));
        }
        c.putObject("owner").put("idNumber", person);
        c.put("collectorId", dealer.id);
        c.put("collectedOn", day.toString());
        c.put("regionCode", county);
        if (rnd.nextDouble() < 0.5) {
            c.put("subsidyId", subsidyId);
        }
        out.add(draft("ApplianceCollected", "appliance:" + returnId, collected, c));

        OffsetDateTime granted = collected.plusMinutes(15 + rnd.nextInt(120));
        int grade = rnd.nextDouble() < 0.75 ? 1 : 2;
        BigDecimal rate = grade == 1 ? new BigDecimal("0.20") : new BigDecimal("0.15");
        BigDecimal amount = product.price().multiply(rate).setScale(2, RoundingMode.HALF_UP).min(BigDecimal.valueOf(2000));
        ObjectNode g = obj();
        g.put("subsidyId", subsidyId);
        g.put("fundId", fundId(county));
        g.put("regionCode", county);
        g.put("programme", "APPLIANCE");
        ObjectNode b = g.putObject("beneficiary");
        b.put("kind", "PERSON");
        b.put("idNumber", person);
        g.put("merchantId", dealer.id);
        ObjectNode pr = g.putObject("product");
        pr.put("category", product.category());
        pr.put("brand", product.brand());
        pr.put("model", product.model());
        pr.put("serialNo", alnum(15));
        pr.put("energyGrade", grade);
        pr.put("price", money(product.price()));
        g.put("invoiceNo", runId + "-FP-" + seq(n));
        g.put("amount", money(amount));
        ObjectNode old = g.putObject("oldItem");
        old.put("kind", "APPLIANCE");
        old.put("ref", returnId);
        if (rnd.nextDouble() < 0.75) {
            String where = rnd.nextDouble() < 0.9 ? county : pickCounty();
            g.put("deliveryAddress", address(where));
            g.put("deliveryRegionCode", where);
        }
        out.add(draft("SubsidyGranted", "subsidy:" + subsidyId, granted, g));
        grantedByCounty.merge(county, amount, BigDecimal::add);

        OffsetDateTime paid = later(granted, 5, 25);
        // Paid into the resident's own bank account: several residents paid into one account is what
        // rule R09 (shared payee account) looks for, and the generator's background must stay clean.
        out.add(paid(subsidyId, n, amount, paid, pick(List.of("6217", "6228", "6222", "6216")) + digits(15)));

        OffsetDateTime handed = later(collected, 1, 6);
        ObjectNode h = obj();
        h.put("returnId", returnId);
        h.put("toEnterpriseId", recycler.id);
        h.put("handedOverOn", handed.toLocalDate().toString());
        out.add(draft("ApplianceHandedOver", "appliance:" + returnId, handed, h));

        OffsetDateTime dismantled = later(handed, 3, 20);
        ObjectNode d = obj();
        d.put("returnId", returnId);
        d.put("dismantlerId", dismantler.id);
        d.put("dismantledOn", dismantled.toLocalDate().toString());
        out.add(draft("ApplianceDismantled", "appliance:" + returnId, dismantled, d));

        if (rnd.nextDouble() < 0.03) {
            out.add(reversal(subsidyId, n, amount, later(paid, 1, 15)));
        }
        return out;
    }

    private List<Draft> vehicleCase(String county, LocalDate day) {
        CountyPool pool = pools.get(county);
        Enterprise recycler = pick(pool.vehicleRecyclers);
        Enterprise dealer = pick(pool.carDealers);
        String owner = person(county, 0.01);
        int n = ++caseSerial;
        List<Draft> out = new ArrayList<>();

        double f = rnd.nextDouble();
        String fuel = f < 0.75 ? "PETROL" : f < 0.85 ? "DIESEL" : "NEV";
        boolean eligibleAge = true;
        LocalDate registeredOn = switch (fuel) {
            case "PETROL" -> eligibleAge ? randomDate(LocalDate.of(2004, 1, 1), 2737) : randomDate(LocalDate.of(2012, 1, 1), 1000);
            case "DIESEL" -> eligibleAge ? randomDate(LocalDate.of(2005, 1, 1), 3102) : randomDate(LocalDate.of(2014, 1, 1), 1000);
            default -> eligibleAge ? randomDate(LocalDate.of(2013, 1, 1), 1945) : randomDate(LocalDate.of(2019, 1, 1), 600);
        };
        String emission = "NEV".equals(fuel) ? "NONE"
                : registeredOn.isBefore(LocalDate.of(2005, 7, 1)) ? "CHINA_II"
                : registeredOn.isBefore(LocalDate.of(2008, 7, 1)) ? "CHINA_III"
                : "DIESEL".equals(fuel) && registeredOn.isBefore(LocalDate.of(2013, 7, 1)) ? "CHINA_III" : "CHINA_IV";
        LocalDate ownedSince = rnd.nextDouble() < 0.8 ? registeredOn
                : randomDate(registeredOn.plusDays(30), (int) ChronoUnit.DAYS.between(registeredOn, LocalDate.of(2023, 12, 1)));
        double c = rnd.nextDouble();
        String vehicleClass = c < 0.86 ? "SMALL_PASSENGER" : "MICRO_PASSENGER";
        String wmi = pick(Catalog.OLD_WMIS);
        String vin = ids.vin(wmi, "" + pickChar(Identifiers.VIN_LETTERS) + pickChar(Identifiers.VIN_LETTERS),
                registeredOn.getYear() - (rnd.nextDouble() < 0.3 ? 1 : 0), pickChar(Identifiers.VIN_ALPHABET),
                vehicleSerial++);

        OffsetDateTime scrapped = at(day);
        ObjectNode s = obj();
        s.put("vin", vin);
        s.put("certificateNo", runId + "-BF-" + county + "-" + seq(n));
        s.put("recyclerId", recycler.id);
        s.putObject("owner").put("idNumber", owner);
        s.put("vehicleClass", vehicleClass);
        s.put("fuel", fuel);
        s.put("emissionStandard", emission);
        s.put("registeredOn", registeredOn.toString());
        s.put("ownedSince", ownedSince.toString());
        s.put("scrappedOn", day.toString());
        // Registered in the programme's region: a car registered elsewhere behind a subsidy is R11's case.
        s.put("regionCode", county);
        out.add(draft("VehicleScrapped", "vehicle:" + vin, scrapped, s));

        OffsetDateTime dereg = later(scrapped, 1, 10);
        ObjectNode dr = obj();
        dr.put("vin", vin);
        dr.put("deregistrationNo", runId + "-ZX-" + county + "-" + seq(n));
        dr.put("deregisteredOn", dereg.toLocalDate().toString());
        out.add(draft("VehicleDeregistered", "vehicle:" + vin, dereg, dr));

        OffsetDateTime dismantled = later(scrapped, 5, 30);
        ObjectNode dm = obj();
        dm.put("vin", vin);
        dm.put("dismantlerId", recycler.id);
        dm.put("dismantledOn", dismantled.toLocalDate().toString());
        out.add(draft("VehicleDismantled", "vehicle:" + vin, dismantled, dm));

        String subsidyId = runId + "-S-" + county + "-" + seq(n);
        Product car = Catalog.car(rnd);
        BigDecimal amount = BigDecimal.valueOf("CAR_NEV".equals(car.category()) ? 20000 : 15000);
        OffsetDateTime granted = later(dereg, 2, 15);
        ObjectNode g = obj();
        g.put("subsidyId", subsidyId);
        g.put("fundId", fundId(county));
        g.put("regionCode", county);
        g.put("programme", "VEHICLE_SCRAP");
        ObjectNode b = g.putObject("beneficiary");
        b.put("kind", "PERSON");
        b.put("idNumber", owner);
        g.put("merchantId", dealer.id);
        ObjectNode pr = g.putObject("product");
        pr.put("category", car.category());
        pr.put("brand", car.brand());
        pr.put("model", car.model());
        pr.put("serialNo", ids.vin(car.wmi(), "" + pickChar(Identifiers.VIN_LETTERS) + pickChar(Identifiers.VIN_LETTERS),
                2024, pickChar(Identifiers.VIN_ALPHABET), vehicleSerial++));
        pr.put("price", money(car.price()));
        g.put("invoiceNo", runId + "-JDC-" + seq(n));
        g.put("amount", money(amount));
        ObjectNode old = g.putObject("oldItem");
        old.put("kind", "VEHICLE");
        old.put("ref", vin);
        out.add(draft("SubsidyGranted", "subsidy:" + subsidyId, granted, g));
        grantedByCounty.merge(county, amount, BigDecimal::add);

        OffsetDateTime paid = later(granted, 7, 28);
        out.add(paid(subsidyId, n, amount, paid, pick(List.of("6217", "6228", "6222", "6216")) + digits(15)));

        if (rnd.nextDouble() < 0.6) {
            BigDecimal weight = BigDecimal.valueOf(850 + rnd.nextInt(800)).add(BigDecimal.valueOf(rnd.nextInt(10), 1));
            BigDecimal perKg = BigDecimal.valueOf(90 + rnd.nextInt(70), 2);
            String lineCategory = "NEV".equals(fuel) ? "CAR_NEV" : "CAR_FUEL";
            out.addAll(reverseInvoice(county, n, recycler, owner, scrapped,
                    List.of(new Line(lineCategory, 1, weight, vin)), weight.multiply(perKg)));
        }
        if (rnd.nextDouble() < 0.02) {
            out.add(reversal(subsidyId, n, amount, later(paid, 3, 20)));
        }
        return out;
    }

    private List<Draft> scrapInvoiceCase(String county, LocalDate day) {
        CountyPool pool = pools.get(county);
        Enterprise issuer = pick(pool.recyclers);
        String seller = person(county, 0.15);
        List<Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int count = 1 + rnd.nextInt(3);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String category = pick(List.of("REFRIGERATOR", "WASHING_MACHINE", "TV", "AIR_CONDITIONER", "COMPUTER", "OTHER"));
            if (used.contains(category)) {
                continue;
            }
            used.add(category);
            int quantity = "OTHER".equals(category) ? 1 : 1 + rnd.nextInt(12);
            BigDecimal perItem = switch (category) {
                case "REFRIGERATOR" -> BigDecimal.valueOf(55);
                case "WASHING_MACHINE" -> BigDecimal.valueOf(38);
                case "TV" -> BigDecimal.valueOf(18);
                case "AIR_CONDITIONER" -> BigDecimal.valueOf(42);
                case "COMPUTER" -> BigDecimal.valueOf(9);
                default -> BigDecimal.valueOf(80 + rnd.nextInt(1500));
            };
            BigDecimal weight = perItem.multiply(BigDecimal.valueOf(quantity))
                    .add(BigDecimal.valueOf(rnd.nextInt(1000), 3));
            lines.add(new Line(category, quantity, weight, null));
            total = total.add(weight.multiply(BigDecimal.valueOf(120 + rnd.nextInt(130), 2)));
        }
        return reverseInvoice(county, ++caseSerial, issuer, seller, at(day), lines, total);
    }

    private List<Draft> reverseInvoice(String county, int n, Enterprise issuer, String seller, OffsetDateTime at,
                                       List<Line> lines, BigDecimal amount) {
        List<Draft> out = new ArrayList<>();
        String invoiceNo = runId + "-FX-" + county + "-" + seq(n);
        BigDecimal exclVat = amount.setScale(2, RoundingMode.HALF_UP);
        out.add(invoiceIssued(invoiceNo, issuer, seller, at, lines, exclVat));
        if (rnd.nextDouble() < 0.05) {
            OffsetDateTime voided = at.plusMinutes(30 + rnd.nextInt(2000));
            ObjectNode v = obj();
            v.put("invoiceNo", invoiceNo);
            v.put("voidedOn", voided.toLocalDate().toString());
            v.put("reason", pick(List.of("过磅重量录入错误", "销售方身份信息有误", "品目选择错误", "重复开具")));
            out.add(draft("ReverseInvoiceVoided", "reverse-invoice:" + invoiceNo, voided, v));
            if (rnd.nextDouble() < 0.7) {
                out.add(invoiceIssued(invoiceNo + "-R", issuer, seller, voided.plusMinutes(20 + rnd.nextInt(200)), lines, exclVat));
            }
        }
        return out;
    }

    private Draft invoiceIssued(String invoiceNo, Enterprise issuer, String seller, OffsetDateTime at, List<Line> lines,
                                BigDecimal exclVat) {
        ObjectNode p = obj();
        p.put("invoiceNo", invoiceNo);
        p.put("issuerId", issuer.id);
        p.putObject("seller").put("idNumber", seller);
        p.put("issuedOn", at.toLocalDate().toString());
        p.put("invoiceKind", rnd.nextDouble() < 0.95 ? "ORDINARY" : "SPECIAL");
        ArrayNode ls = p.putArray("lines");
        for (Line line : lines) {
            ObjectNode l = ls.addObject();
            l.put("category", line.category);
            l.put("quantity", line.quantity);
            l.put("weightKg", line.weightKg.stripTrailingZeros().toPlainString());
            if (line.itemRef != null) {
                l.putArray("itemRefs").add(line.itemRef);
            }
        }
        p.put("amountExclVat", money(exclVat));
        p.put("vat", "0.00"); // a person's monthly sales stay far below 100,000 yuan: exempt
        p.put("incomeTaxWithheld", money(exclVat.multiply(new BigDecimal("0.005"))));
        return draft("ReverseInvoiceIssued", "reverse-invoice:" + invoiceNo, at, p);
    }

    private List<Draft> equipmentCase(String county, LocalDate day) {
        Enterprise operator = pick(pools.get(county).operators);
        Catalog.Equipment kind = pick(Catalog.EQUIPMENT);
        int quantity = kind.minQuantity() + rnd.nextInt(kind.maxQuantity() - kind.minQuantity() + 1);
        BigDecimal unitCost = BigDecimal.valueOf(kind.minUnitCost()
                + (long) (rnd.nextDouble() * (kind.maxUnitCost() - kind.minUnitCost())));
        BigDecimal investment = unitCost.multiply(BigDecimal.valueOf(quantity))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).multiply(BigDecimal.valueOf(100));
        String renewalId = runId + "-EQ-" + county + "-" + seq(++caseSerial);
        ObjectNode p = obj();
        p.put("renewalId", renewalId);
        p.put("enterpriseId", operator.id);
        p.put("domain", kind.domain());
        p.put("equipmentCategory", kind.category());
        p.put("quantity", quantity);
        p.put("unit", kind.unit());
        p.put("investment", money(investment));
        p.put("regionCode", county);
        if (rnd.nextDouble() < 0.7) {
            ObjectNode old = p.putObject("oldEquipment");
            double d = rnd.nextDouble();
            String disposal = d < 0.5 ? "RECYCLED" : d < 0.85 ? "SCRAPPED" : "REMANUFACTURED";
            old.put("disposal", disposal);
            if ("RECYCLED".equals(disposal)) {
                old.put("recyclerId", pick(pools.get(county).recyclers).id);
            }
        }
        return List.of(draft("EquipmentRenewed", "equipment:" + renewalId, at(day), p));
    }

    private List<Draft> qualificationCase(String county, LocalDate day) {
        if (!revocable.isEmpty() && rnd.nextDouble() < 0.7) {
            String[] r = revocable.remove(rnd.nextInt(revocable.size()));
            ObjectNode p = obj();
            p.put("enterpriseId", r[0]);
            p.put("qualification", r[1]);
            p.put("revokedOn", day.toString());
            p.put("reason", pick(List.of("年度核查不合格", "危险废物经营许可证到期未续", "企业申请注销该项资质", "现场检查发现贮存设施不达标")));
            return List.of(draft("QualificationRevoked", "enterprise:" + r[0], at(day), p));
        }
        if (enterpriseSerial >= Identifiers.MAX_ENTERPRISES) {
            return equipmentCase(county, day);
        }
        // a new dealer joins the programme
        List<Draft> out = new ArrayList<>();
        Enterprise e = enterprise(county, "家电销售有限公司");
        register(out, e, List.of("DEALER"), day);
        qualify(out, e, "DEALER_FILING", 5);
        return out;
    }

    private Draft paid(String subsidyId, int n, BigDecimal amount, OffsetDateTime at, String account) {
        ObjectNode p = obj();
        p.put("subsidyId", subsidyId);
        p.put("paymentId", runId + "-PAY-" + seq(n));
        p.put("amount", money(amount));
        p.put("paidOn", at.toLocalDate().toString());
        p.put("payeeAccount", account);
        return draft("SubsidyPaid", "subsidy:" + subsidyId, at, p);
    }

    private Draft reversal(String subsidyId, int n, BigDecimal granted, OffsetDateTime at) {
        double r = rnd.nextDouble();
        String reason = r < 0.55 ? "PRODUCT_RETURNED" : r < 0.8 ? "DATA_ERROR" : r < 0.95 ? "INELIGIBLE" : "FRAUD";
        BigDecimal amount = "DATA_ERROR".equals(reason)
                ? granted.multiply(BigDecimal.valueOf(5 + rnd.nextInt(20), 2)).setScale(2, RoundingMode.HALF_UP)
                : granted;
        ObjectNode p = obj();
        p.put("subsidyId", subsidyId);
        p.put("reversalId", runId + "-REV-" + seq(n));
        p.put("amount", money(amount.max(new BigDecimal("0.01"))));
        p.put("reason", reason);
        if (rnd.nextDouble() < 0.7) {
            p.put("note", switch (reason) {
                case "PRODUCT_RETURNED" -> "消费者七日内退货，补贴追回";
                case "DATA_ERROR" -> "发票金额与申报价格不一致，核减补贴";
                case "INELIGIBLE" -> "复核发现不符合补贴条件";
                default -> "经核查存在虚假交易，全额追回";
            });
        }
        return draft("SubsidyReversed", "subsidy:" + subsidyId, at, p);
    }

    // ---------------------------------------------------------------- helpers

    private String person(String county, double reuse) {
        if (!recentPersons.isEmpty() && rnd.nextDouble() < reuse) {
            return pick(recentPersons);
        }
        double r = rnd.nextDouble();
        String region = r < 0.75 ? county : r < 0.9 ? pick(OLD_ID_REGIONS) : pick(OUTSIDE_REGIONS);
        String id = Identifiers.residentId(region, randomDate(LocalDate.of(1950, 1, 1), 20_000), rnd.nextInt(1000));
        if (recentPersons.size() < 64) {
            recentPersons.add(id);
        } else {
            recentPersons.set(rnd.nextInt(64), id);
        }
        return id;
    }

    private String address(String region) {
        if (!COUNTIES.containsKey(region)) {
            return "江苏省宿迁市宿城区洪泽湖路" + (1 + rnd.nextInt(300)) + "号" + (1 + rnd.nextInt(20)) + "幢" + room();
        }
        return "江苏省淮安市" + COUNTIES.get(region) + pick(STREETS.get(region)) + (1 + rnd.nextInt(400)) + "号"
                + (1 + rnd.nextInt(30)) + "幢" + (1 + rnd.nextInt(4)) + "单元" + room();
    }

    private String room() {
        return (1 + rnd.nextInt(26)) + String.format("%02d", 1 + rnd.nextInt(4)) + "室";
    }

    private Draft draft(String type, String streamId, OffsetDateTime at, ObjectNode payload) {
        try {
            return new Draft(type, streamId, CREATING_TYPES.contains(type), AT.format(at), mapper.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private GeneratedEvent finish(Draft d, int index) {
        String eventId = runId + "-" + String.format("%08d", index);
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.payload.length + 128);
        String head = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + d.type + "\",\"occurredAt\":\"" + d.occurredAt
                + "\",\"payload\":";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(d.payload);
        out.write('}');
        return new GeneratedEvent(eventId, d.type, d.streamId, d.creates, out.toByteArray());
    }

    private ObjectNode obj() {
        return mapper.createObjectNode();
    }

    private OffsetDateTime at(LocalDate day) {
        return day.atTime(8 + rnd.nextInt(12), rnd.nextInt(60), rnd.nextInt(60)).atOffset(CST);
    }

    /** A time some days after {@code t}, kept within 2024 and always after {@code t}. */
    private OffsetDateTime later(OffsetDateTime t, int minDays, int maxDays) {
        LocalDate day = t.toLocalDate().plusDays(minDays + rnd.nextInt(maxDays - minDays + 1));
        OffsetDateTime candidate = at(day.isAfter(LAST_DAY) ? LAST_DAY : day);
        return candidate.isAfter(t) ? candidate : t.plusMinutes(5 + rnd.nextInt(55));
    }

    private LocalDate randomDate(LocalDate from, int spanDays) {
        return from.plusDays(rnd.nextInt(Math.max(1, spanDays)));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String seq(int n) {
        return String.format("%07d", n);
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    private String alnum(int n) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private char pickChar(String alphabet) {
        return alphabet.charAt(rnd.nextInt(alphabet.length()));
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private record Draft(String type, String streamId, boolean creates, String occurredAt, byte[] payload) {
    }

    private record Line(String category, int quantity, BigDecimal weightKg, String itemRef) {
    }

    /** A product: category, brand, model, price, and for cars the world manufacturer code of the VIN. */
    record Product(String category, String brand, String model, BigDecimal price, String wmi) {
    }

    private static final class Enterprise {
        final String id;
        final String county;
        final String name;
        final String account;
        LocalDate registeredOn;

        Enterprise(String id, String county, String name, String account) {
            this.id = id;
            this.county = county;
            this.name = name;
            this.account = account;
        }
    }

    private static final class CountyPool {
        final List<Enterprise> applianceDealers = new ArrayList<>();
        final List<Enterprise> carDealers = new ArrayList<>();
        final List<Enterprise> recyclers = new ArrayList<>();
        final List<Enterprise> vehicleRecyclers = new ArrayList<>();
        final List<Enterprise> operators = new ArrayList<>();
    }
}
