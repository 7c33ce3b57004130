package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A keyed pseudonym: the lower-case hex HMAC-SHA-256 of a personal value (an ID number, a bank
 * account, a delivery address). Events carry only pseudonyms, so two claims by one person still
 * match while the event store holds no personal data.
 */
public record Pseudonym(String value) {

    public Pseudonym {
        if (!AsciiForms.lowerHex(value, 64)) {
            throw new IllegalArgumentException("a pseudonym is 64 lower-case hex characters");
        }
    }

    @JsonCreator
    public static Pseudonym of(String value) {
        return new Pseudonym(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
