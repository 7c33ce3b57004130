package cn.huanxin.ledger.projections.fraud.policy;

import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.ProductCategory;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.vehicle.Fuel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One programme's rules for one period (docs/domain.md, "Effective-dated policy table"). Fields that a
 * programme does not use are {@code null} or empty. {@code validTo} is inclusive.
 *
 * @param categories           eligible product categories (APPLIANCE, DIGITAL)
 * @param ratesByEnergyGrade   subsidy rate per energy grade (APPLIANCE; grades not listed get nothing)
 * @param rate                 flat rate (DIGITAL)
 * @param capPerItem           cap per item (APPLIANCE, DIGITAL, EBIKE)
 * @param maxPrice             highest eligible price (DIGITAL)
 * @param nevAmount            fixed amount for a new NEV (VEHICLE_SCRAP)
 * @param fuelAmount           fixed amount for a new fuel car (VEHICLE_SCRAP)
 * @param nevCap               cap for a new NEV (VEHICLE_REPLACEMENT)
 * @param fuelCap              cap for a new fuel car (VEHICLE_REPLACEMENT)
 * @param registeredOnOrBefore latest registration date of the old vehicle, per fuel (VEHICLE_SCRAP)
 * @param ownedBefore          the applicant must own the old vehicle since before this date (VEHICLE_SCRAP)
 * @param perPersonLimit       subsidies per person, category and calendar year (APPLIANCE, DIGITAL, EBIKE)
 * @param perPersonLimitByCategory exceptions to {@code perPersonLimit} (AIR_CONDITIONER 3 from 2025)
 * @param source               where the figures come from
 */
public record PolicyPeriod(Programme programme, LocalDate validFrom, LocalDate validTo,
                           Set<ProductCategory> categories, Map<Integer, BigDecimal> ratesByEnergyGrade,
                           BigDecimal rate, Money capPerItem, Money maxPrice, Money nevAmount, Money fuelAmount,
                           Money nevCap, Money fuelCap, Map<Fuel, LocalDate> registeredOnOrBefore,
                           LocalDate ownedBefore, Integer perPersonLimit,
                           Map<ProductCategory, Integer> perPersonLimitByCategory, String source) {

    public PolicyPeriod {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validTo, "validTo");
        if (validTo.isBefore(validFrom)) {
            throw new IllegalArgumentException("policy period of " + programme + " ends before it starts");
        }
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        ratesByEnergyGrade = ratesByEnergyGrade == null ? Map.of() : Map.copyOf(ratesByEnergyGrade);
        registeredOnOrBefore = registeredOnOrBefore == null ? Map.of() : Map.copyOf(registeredOnOrBefore);
        perPersonLimitByCategory = perPersonLimitByCategory == null ? Map.of() : Map.copyOf(perPersonLimitByCategory);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(validFrom) && !day.isAfter(validTo);
    }

    /** The per-person limit for a category in this period (docs/fraud-rules.md R01: 1, AIR_CONDITIONER 3 from 2025). */
    public int limitFor(ProductCategory category) {
        return perPersonLimitByCategory.getOrDefault(category, perPersonLimit == null ? 1 : perPersonLimit);
    }
}
