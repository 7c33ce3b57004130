package cn.huanxin.ledger.core.subsidy;

/** The subsidy programmes of the trade-in and equipment-renewal policy. */
public enum Programme {
    VEHICLE_SCRAP, VEHICLE_REPLACEMENT, APPLIANCE, DIGITAL, EBIKE, HOME_RENOVATION, EQUIPMENT_RENEWAL,
    LOAN_INTEREST, DIESEL_TRUCK_ELIMINATION, AGRI_MACHINERY
}
