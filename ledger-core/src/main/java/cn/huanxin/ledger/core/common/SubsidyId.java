package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of one subsidy (补贴) granted to one beneficiary; 1–64 of {@code [A-Za-z0-9._:-]}. */
public record SubsidyId(String value) {

    public SubsidyId {
        OtherId.require(value, "subsidyId");
    }

    @JsonCreator
    public static SubsidyId of(String value) {
        return new SubsidyId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
