package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of one returned old appliance (交旧) from collection to dismantling; 1–64 of {@code [A-Za-z0-9._:-]}. */
public record ReturnId(String value) {

    public ReturnId {
        OtherId.require(value, "returnId");
    }

    @JsonCreator
    public static ReturnId of(String value) {
        return new ReturnId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
