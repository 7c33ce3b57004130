package cn.huanxin.ledger.core.equipment;

/** The sector of an equipment renewal (the contract's {@code domain} field). */
public enum RenewalDomain {
    INDUSTRY, ENERGY, ENVIRONMENT, BUILDING, TRANSPORT, AGRICULTURE, EDUCATION, CULTURE_TOURISM, HEALTH
}
