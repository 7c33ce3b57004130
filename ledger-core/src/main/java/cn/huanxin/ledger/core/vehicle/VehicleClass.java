package cn.huanxin.ledger.core.vehicle;

/** The class of a vehicle; the scrap and replacement subsidies are for small and micro passenger cars. */
public enum VehicleClass {
    SMALL_PASSENGER, MICRO_PASSENGER, MEDIUM_PASSENGER, LARGE_PASSENGER, LIGHT_TRUCK, MEDIUM_TRUCK, HEAVY_TRUCK, OTHER
}
