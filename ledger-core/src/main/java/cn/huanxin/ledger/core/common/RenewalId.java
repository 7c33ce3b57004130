package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of one equipment renewal (设备更新) project or purchase; 1–64 of {@code [A-Za-z0-9._:-]}. */
public record RenewalId(String value) {

    public RenewalId {
        OtherId.require(value, "renewalId");
    }

    @JsonCreator
    public static RenewalId of(String value) {
        return new RenewalId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
