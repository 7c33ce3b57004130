package cn.huanxin.ledger.core.common;

/**
 * Appliance and product categories of the contract. {@code CAR_NEV} and {@code CAR_FUEL} name the
 * new car of a vehicle subsidy and are not appliance categories.
 */
public enum ProductCategory {
    REFRIGERATOR, WASHING_MACHINE, TV, AIR_CONDITIONER, COMPUTER, WATER_HEATER, STOVE, RANGE_HOOD,
    MICROWAVE, WATER_PURIFIER, DISHWASHER, RICE_COOKER, PHONE, TABLET, SMARTWATCH, EBIKE, FURNITURE,
    OTHER, CAR_NEV, CAR_FUEL;

    public boolean isCar() {
        return this == CAR_NEV || this == CAR_FUEL;
    }
}
