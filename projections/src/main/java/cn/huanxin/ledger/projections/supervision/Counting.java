package cn.huanxin.ledger.projections.supervision;

import cn.huanxin.ledger.core.equipment.EquipmentCategory;

import java.util.Objects;

/**
 * What a plan target counts (docs/domain.md, "How a row is counted"). Every rule counts events by the
 * Asia/Shanghai calendar year of their {@code occurredAt}.
 *
 * @param rule     the counting rule
 * @param category the equipment category, for the two {@code EQUIPMENT_…} rules only
 */
public record Counting(Rule rule, EquipmentCategory category) {

    /** The counting rules. */
    public enum Rule {
        /** Σ {@code quantity} of EquipmentRenewed of the category (in whatever unit it is counted in). */
        EQUIPMENT_QUANTITY,
        /** Σ {@code investment} of EquipmentRenewed of the category, in yuan. */
        EQUIPMENT_INVESTMENT,
        /** Distinct VINs with a VehicleScrapped in the period (a VIN scrapped twice counts once). */
        VEHICLES_SCRAPPED,
        /** SubsidyGranted of programme APPLIANCE in the period whose reversals do not reach the granted amount. */
        APPLIANCE_TRADE_INS,
        /**
         * Distinct enterprises holding RECYCLING_FILING at the end of the year: granted by then, valid
         * on 31 December, not revoked by then. A stock, so earlier years' filings count too.
         */
        RECYCLING_FILINGS,
        /** ApplianceCollected events in the period. */
        APPLIANCES_COLLECTED;

        public boolean needsCategory() {
            return this == EQUIPMENT_QUANTITY || this == EQUIPMENT_INVESTMENT;
        }
    }

    public Counting {
        Objects.requireNonNull(rule, "rule");
        if (rule.needsCategory() != (category != null)) {
            throw new IllegalArgumentException(rule.needsCategory()
                    ? "counting " + rule + " needs an equipment category"
                    : "counting " + rule + " takes no equipment category");
        }
    }

    public static Counting of(Rule rule) {
        return new Counting(rule, null);
    }

    public static Counting equipmentQuantity(EquipmentCategory category) {
        return new Counting(Rule.EQUIPMENT_QUANTITY, Objects.requireNonNull(category, "category"));
    }

    public static Counting equipmentInvestment(EquipmentCategory category) {
        return new Counting(Rule.EQUIPMENT_INVESTMENT, Objects.requireNonNull(category, "category"));
    }

    /**
     * The stable measure code of docs/api.md: the equipment category (with {@code _INVESTMENT}
     * where the measure is money), else the rule's name.
     */
    public String measure() {
        return switch (rule) {
            case EQUIPMENT_QUANTITY -> category.name();
            case EQUIPMENT_INVESTMENT -> category.name() + "_INVESTMENT";
            default -> rule.name();
        };
    }
}
