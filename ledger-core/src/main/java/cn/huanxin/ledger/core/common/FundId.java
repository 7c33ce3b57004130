package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of a fund (专项资金), e.g. a batch of ultra-long special treasury bonds; 1–64 of {@code [A-Za-z0-9._:-]}. */
public record FundId(String value) {

    public FundId {
        OtherId.require(value, "fundId");
    }

    @JsonCreator
    public static FundId of(String value) {
        return new FundId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
