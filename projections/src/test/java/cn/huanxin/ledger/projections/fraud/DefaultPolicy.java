package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.vehicle.Fuel;
import cn.huanxin.ledger.projections.fraud.policy.PolicyPeriod;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.huanxin.ledger.core.common.ProductCategory.AIR_CONDITIONER;
import static cn.huanxin.ledger.core.common.ProductCategory.COMPUTER;
import static cn.huanxin.ledger.core.common.ProductCategory.DISHWASHER;
import static cn.huanxin.ledger.core.common.ProductCategory.MICROWAVE;
import static cn.huanxin.ledger.core.common.ProductCategory.PHONE;
import static cn.huanxin.ledger.core.common.ProductCategory.RANGE_HOOD;
import static cn.huanxin.ledger.core.common.ProductCategory.REFRIGERATOR;
import static cn.huanxin.ledger.core.common.ProductCategory.RICE_COOKER;
import static cn.huanxin.ledger.core.common.ProductCategory.SMARTWATCH;
import static cn.huanxin.ledger.core.common.ProductCategory.STOVE;
import static cn.huanxin.ledger.core.common.ProductCategory.TABLET;
import static cn.huanxin.ledger.core.common.ProductCategory.TV;
import static cn.huanxin.ledger.core.common.ProductCategory.WASHING_MACHINE;
import static cn.huanxin.ledger.core.common.ProductCategory.WATER_HEATER;
import static cn.huanxin.ledger.core.common.ProductCategory.WATER_PURIFIER;

/** The policy table of docs/domain.md, built in code for projection tests (the app reads config/policy.yml). */
public final class DefaultPolicy {

    static final Set<ProductCategory> APPLIANCES_2024 = EnumSet.of(REFRIGERATOR, WASHING_MACHINE, TV,
            AIR_CONDITIONER, COMPUTER, WATER_HEATER, STOVE, RANGE_HOOD);
    static final Set<ProductCategory> APPLIANCES_2025 = EnumSet.of(REFRIGERATOR, WASHING_MACHINE, TV,
            AIR_CONDITIONER, COMPUTER, WATER_HEATER, STOVE, RANGE_HOOD, MICROWAVE, WATER_PURIFIER, DISHWASHER,
            RICE_COOKER);

    private DefaultPolicy() {
    }

    public static PolicyTable table() {
        return new PolicyTable(List.of(
                period(Programme.VEHICLE_SCRAP, "2024-04-24", "2024-12-31").scrap(
                        Map.of(Fuel.PETROL, d("2011-06-30"), Fuel.DIESEL, d("2013-06-30"), Fuel.OTHER, d("2013-06-30"),
                                Fuel.NEV, d("2018-04-30")), d("2024-07-25")),
                period(Programme.VEHICLE_SCRAP, "2025-01-01", "2025-12-31").scrap(
                        Map.of(Fuel.PETROL, d("2012-06-30"), Fuel.DIESEL, d("2014-06-30"), Fuel.OTHER, d("2014-06-30"),
                                Fuel.NEV, d("2018-12-31")), d("2025-01-08")),
                new PolicyPeriod(Programme.VEHICLE_REPLACEMENT, d("2025-01-01"), d("2025-12-31"), null, null, null,
                        null, null, null, null, Money.parse("15000"), Money.parse("13000"), null, null, 1, null,
                        "docs/domain.md"),
                appliance("2024-08-01", "2024-12-31", APPLIANCES_2024,
                        Map.of(2, new BigDecimal("0.15"), 1, new BigDecimal("0.20")), "2000", Map.of()),
                appliance("2025-01-01", "2025-12-31", APPLIANCES_2025,
                        Map.of(2, new BigDecimal("0.15"), 1, new BigDecimal("0.20")), "2000",
                        Map.of(AIR_CONDITIONER, 3)),
                appliance("2026-01-01", "2026-12-31", APPLIANCES_2025, Map.of(1, new BigDecimal("0.15")), "1500",
                        Map.of(AIR_CONDITIONER, 3)),
                new PolicyPeriod(Programme.DIGITAL, d("2025-01-20"), d("2025-12-31"), EnumSet.of(PHONE, TABLET, SMARTWATCH),
                        null, new BigDecimal("0.15"), Money.parse("500"), Money.parse("6000"), null, null, null, null,
                        null, null, 1, null, "docs/domain.md"),
                new PolicyPeriod(Programme.EBIKE, d("2024-01-01"), d("2026-12-31"), EnumSet.of(ProductCategory.EBIKE),
                        null, null, Money.parse("500"), null, null, null, null, null, null, null, 1, null,
                        "assumed (local)")));
    }

    private static PolicyPeriod appliance(String from, String to, Set<ProductCategory> categories,
                                          Map<Integer, BigDecimal> rates, String cap,
                                          Map<ProductCategory, Integer> limits) {
        return new PolicyPeriod(Programme.APPLIANCE, d(from), d(to), categories, rates, null, Money.parse(cap), null,
                null, null, null, null, null, null, 1, limits, "docs/domain.md");
    }

    private record Scrap(Programme programme, LocalDate from, LocalDate to) {
        PolicyPeriod scrap(Map<Fuel, LocalDate> thresholds, LocalDate ownedBefore) {
            return new PolicyPeriod(programme, from, to, null, null, null, null, null, Money.parse("20000"),
                    Money.parse("15000"), null, null, thresholds, ownedBefore, null, null, "docs/domain.md");
        }
    }

    private static Scrap period(Programme programme, String from, String to) {
        return new Scrap(programme, d(from), d(to));
    }

    static LocalDate d(String date) {
        return LocalDate.parse(date);
    }
}
