package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A six-digit administrative division code (GB/T 2260). Whether a code belongs to the programme is
 * a question for the configured {@code RegionTable}, not for this type: some fields (where a vehicle
 * was registered, where goods are delivered) legitimately name places outside it.
 */
public record RegionCode(String value) {

    public RegionCode {
        if (!AsciiForms.digits(value, 6)) {
            throw new IllegalArgumentException("must be 6 digits");
        }
    }

    @JsonCreator
    public static RegionCode of(String value) {
        return new RegionCode(value);
    }

    public static boolean isWellFormed(String value) {
        return AsciiForms.digits(value, 6);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
