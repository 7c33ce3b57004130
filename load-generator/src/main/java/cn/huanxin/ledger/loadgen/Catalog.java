package cn.huanxin.ledger.loadgen;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Brands, models, prices and equipment kinds the generator draws from. */
final class Catalog {

    /** Brands of the old appliances people trade in. */
    static final List<String> OLD_BRANDS = List.of("容声", "新飞", "海尔", "美的", "小天鹅", "长虹", "康佳", "格力", "春兰",
            "美菱", "TCL", "创维", "海信", "西门子", "松下", "荣事达", "万家乐", "帅康");

    /** World manufacturer codes of cars old enough to be scrapped. */
    static final List<String> OLD_WMIS = List.of("LSV", "LFV", "LSG", "LHG", "LVS", "LGB", "LBE", "LDC", "LFP",
            "LJD", "LB3", "LGX", "LZW", "LS5");

    private record Model(String brand, String model, int minPrice, int maxPrice) {
    }

    private static final Map<String, List<Model>> APPLIANCES = Map.of(
            "REFRIGERATOR", List.of(new Model("海尔", "BCD-470WGHTD", 3999, 5999), new Model("美的", "BCD-508WKPZM", 3299, 4999),
                    new Model("容声", "BCD-529WD18HPA", 3499, 5299), new Model("西门子", "KA50NE20TI", 6999, 8999)),
            "WASHING_MACHINE", List.of(new Model("小天鹅", "TG100V88PLUS", 2999, 4599), new Model("海尔", "EG100MATE35S", 2299, 3999),
                    new Model("美的", "MG100V58WT", 1599, 2599)),
            "TV", List.of(new Model("海信", "65E5N", 3999, 5999), new Model("TCL", "75T7K", 4999, 7999),
                    new Model("小米", "L65MA-SPL", 2999, 4299), new Model("创维", "65A23", 3299, 4999)),
            "AIR_CONDITIONER", List.of(new Model("格力", "KFR-35GW/NhAa1BAj", 2999, 4599), new Model("美的", "KFR-35GW/N8MXC1", 2499, 3699),
                    new Model("海尔", "KFR-72LW/81@U1-Jd", 6999, 12999)),
            "COMPUTER", List.of(new Model("联想", "ThinkBook 14 G6+", 4999, 6999), new Model("华为", "MateBook 14", 5999, 7999),
                    new Model("戴尔", "灵越14Plus", 4599, 6499)),
            "WATER_HEATER", List.of(new Model("史密斯", "E60VDP", 2999, 4999), new Model("海尔", "EC6002-MV5U1", 1299, 1999),
                    new Model("万家乐", "JSQ30-16MX", 1999, 2999)),
            "STOVE", List.of(new Model("方太", "JZT-TH29B", 2499, 3999), new Model("老板", "JZT-57B0", 1999, 3299)),
            "RANGE_HOOD", List.of(new Model("方太", "CXW-358-EMD20T", 3999, 6999), new Model("老板", "CXW-260-27A7S", 2999, 4999)));

    private static final List<Product> NEV_CARS = List.of(
            car("CAR_NEV", "比亚迪", "秦PLUS DM-i", 79800, "LGX"), car("CAR_NEV", "比亚迪", "宋PLUS DM-i", 139800, "LGX"),
            car("CAR_NEV", "比亚迪", "海豚", 99800, "LC0"), car("CAR_NEV", "特斯拉", "Model Y", 249900, "LRW"),
            car("CAR_NEV", "吉利", "银河L6", 89800, "LB3"), car("CAR_NEV", "广汽埃安", "AION S Max", 129900, "LMG"),
            car("CAR_NEV", "五菱", "缤果", 59800, "LZW"), car("CAR_NEV", "小鹏", "MONA M03", 119800, "L1N"),
            car("CAR_NEV", "理想", "L6", 249800, "LW4"));
    private static final List<Product> FUEL_CARS = List.of(
            car("CAR_FUEL", "大众", "朗逸", 109900, "LSV"), car("CAR_FUEL", "丰田", "卡罗拉", 119800, "LFM"),
            car("CAR_FUEL", "本田", "思域", 129900, "LVH"), car("CAR_FUEL", "日产", "轩逸", 99900, "LGB"),
            car("CAR_FUEL", "吉利", "星瑞", 116700, "LB3"), car("CAR_FUEL", "长安", "CS75 PLUS", 122900, "LS5"),
            car("CAR_FUEL", "别克", "英朗", 106800, "LSG"));

    /**
     * An equipment kind of docs/domain.md with its domain, unit, plausible quantities and unit cost in yuan.
     */
    record Equipment(String category, String domain, String unit, int minQuantity, int maxQuantity,
                     long minUnitCost, long maxUnitCost) {
    }

    static final List<Equipment> EQUIPMENT = List.of(
            new Equipment("INDUSTRIAL_RETROFIT_PROJECT", "INDUSTRY", "PROJECT", 1, 1, 2_000_000, 60_000_000),
            new Equipment("SMART_WORKSHOP", "INDUSTRY", "PROJECT", 1, 1, 5_000_000, 30_000_000),
            new Equipment("CHEMICAL_UNIT", "INDUSTRY", "SET", 1, 3, 1_000_000, 8_000_000),
            new Equipment("IRONMAKING_CONTROL", "INDUSTRY", "SET", 1, 1, 3_000_000, 12_000_000),
            new Equipment("DUST_EXPLOSION_FACILITY", "INDUSTRY", "SET", 1, 2, 200_000, 1_500_000),
            new Equipment("AL_MG_DUST_PROCESS", "INDUSTRY", "SET", 1, 2, 300_000, 2_000_000),
            new Equipment("POWER_GRID", "ENERGY", "PROJECT", 1, 1, 5_000_000, 40_000_000),
            new Equipment("WATER_MONITORING_STATION", "ENVIRONMENT", "UNIT", 1, 1, 800_000, 2_500_000),
            new Equipment("TESTING_INSTRUMENT", "ENVIRONMENT", "SET", 1, 8, 50_000, 600_000),
            new Equipment("ELEVATOR", "BUILDING", "UNIT", 1, 6, 250_000, 450_000),
            new Equipment("BUILDING_ENERGY_RETROFIT", "BUILDING", "M2", 500, 20_000, 150, 400),
            new Equipment("HEATING_FACILITY", "BUILDING", "PROJECT", 1, 1, 2_000_000, 10_000_000),
            new Equipment("WASTE_INCINERATION_LINE", "ENVIRONMENT", "SET", 1, 1, 30_000_000, 90_000_000),
            new Equipment("WASTE_TRANSFER_STATION", "BUILDING", "UNIT", 1, 1, 1_500_000, 5_000_000),
            new Equipment("NEV_BUS", "TRANSPORT", "UNIT", 1, 20, 700_000, 1_200_000),
            new Equipment("BUS_BATTERY", "TRANSPORT", "SET", 1, 40, 80_000, 150_000),
            new Equipment("TRAM_OVERHAUL", "TRANSPORT", "UNIT", 1, 1, 2_000_000, 6_000_000),
            new Equipment("DIESEL_TRUCK", "TRANSPORT", "UNIT", 1, 5, 250_000, 600_000),
            new Equipment("COMBINE_HARVESTER", "AGRICULTURE", "UNIT", 1, 3, 150_000, 450_000),
            new Equipment("RICE_TRANSPLANTER", "AGRICULTURE", "UNIT", 1, 3, 30_000, 120_000),
            new Equipment("GREENHOUSE", "AGRICULTURE", "MU", 5, 200, 20_000, 60_000),
            new Equipment("LIVESTOCK_FARM", "AGRICULTURE", "PROJECT", 1, 1, 1_000_000, 6_000_000),
            new Equipment("FISH_POND", "AGRICULTURE", "MU", 10, 500, 3_000, 10_000),
            new Equipment("GRAIN_DRYER", "AGRICULTURE", "SET", 1, 2, 200_000, 800_000),
            new Equipment("EDUCATION_EQUIPMENT", "EDUCATION", "SET", 10, 500, 3_000, 20_000),
            new Equipment("CULTURE_TOURISM_EQUIPMENT", "CULTURE_TOURISM", "SET", 1, 20, 50_000, 500_000),
            new Equipment("MEDICAL_EQUIPMENT", "HEALTH", "SET", 1, 5, 500_000, 8_000_000),
            new Equipment("HEALTH_IT_EQUIPMENT", "HEALTH", "SET", 10, 300, 5_000, 30_000));

    private Catalog() {
    }

    /**
     * A new appliance of the category. A model sells at its list price (the middle of its range, ending
     * in 99 yuan like real list prices) give or take 3%, ending in 9 yuan: shops round and discount a
     * little, but a model's prices stay well within R22's 10% of a merchant's own median and 20% of
     * the market's, so the background raises no price markup.
     */
    static Product appliance(Random rnd, String category) {
        List<Model> models = APPLIANCES.get(category);
        Model m = models.get(rnd.nextInt(models.size()));
        return priced(category, m, 3 - rnd.nextInt(7));
    }

    /** The first model of the category at its list price changed by {@code percent}, for planted cases. */
    static Product listed(String category, int percent) {
        return priced(category, APPLIANCES.get(category).get(0), percent);
    }

    private static Product priced(String category, Model m, int percent) {
        long list = (m.minPrice + m.maxPrice) / 200L * 100 + 99;
        long price = Math.round(list * (100 + percent) / 1000.0) * 10 - 1;
        return new Product(category, m.brand, m.model, BigDecimal.valueOf(price).setScale(2), null);
    }

    /** A model number of an old appliance of the category. */
    static String oldModel(Random rnd, String category) {
        return switch (category) {
            case "REFRIGERATOR" -> "BCD-" + (150 + rnd.nextInt(120)) + (char) ('A' + rnd.nextInt(6));
            case "WASHING_MACHINE" -> "XQB" + (50 + rnd.nextInt(30)) + "-" + (100 + rnd.nextInt(900));
            case "TV" -> (32 + rnd.nextInt(24)) + "L" + (10 + rnd.nextInt(80));
            case "AIR_CONDITIONER" -> "KFR-" + (23 + rnd.nextInt(50)) + "GW/" + (char) ('A' + rnd.nextInt(8)) + (1 + rnd.nextInt(9));
            case "COMPUTER" -> "PC-" + (2008 + rnd.nextInt(10)) + "-" + (10 + rnd.nextInt(90));
            case "WATER_HEATER" -> "DSZF" + (40 + rnd.nextInt(40)) + "-" + (char) ('A' + rnd.nextInt(5));
            case "STOVE" -> "JZT-" + (char) ('A' + rnd.nextInt(8)) + (10 + rnd.nextInt(90));
            default -> "CXW-" + (180 + rnd.nextInt(80)) + "-" + (char) ('A' + rnd.nextInt(8)) + (1 + rnd.nextInt(9));
        };
    }

    /** Trims of a car model, each a model of its own with its own price above the base trim's. */
    private static final List<String> TRIMS = List.of("标准版", "进阶版", "旗舰版");
    private static final int TRIM_STEP_YUAN = 15_000;

    /**
     * A new car: 60% new-energy, otherwise a fuel car. The trim is part of the model (a different trim
     * is a different price list), and dealers take up to 2,000 yuan off, so one model's prices stay
     * within 4% of each other.
     */
    static Product car(Random rnd) {
        List<Product> list = rnd.nextDouble() < 0.6 ? NEV_CARS : FUEL_CARS;
        Product base = list.get(rnd.nextInt(list.size()));
        int trim = rnd.nextInt(TRIMS.size());
        BigDecimal price = base.price().add(BigDecimal.valueOf((long) trim * TRIM_STEP_YUAN - rnd.nextInt(3) * 1_000L))
                .setScale(2);
        return new Product(base.category(), base.brand(), base.model() + " " + TRIMS.get(trim), price, base.wmi());
    }

    private static Product car(String category, String brand, String model, int price, String wmi) {
        return new Product(category, brand, model, BigDecimal.valueOf(price).setScale(2), wmi);
    }
}
