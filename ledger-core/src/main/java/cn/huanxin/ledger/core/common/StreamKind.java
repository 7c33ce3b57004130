package cn.huanxin.ledger.core.common;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event streams, one per aggregate, with the prefix used in stream ids. */
public enum StreamKind {
    FUND("fund"),
    SUBSIDY("subsidy"),
    VEHICLE("vehicle"),
    APPLIANCE("appliance"),
    REVERSE_INVOICE("reverse-invoice"),
    ENTERPRISE("enterprise"),
    EQUIPMENT("equipment"),
    ALERT("alert"),
    ACCESS("access");

    private final String prefix;

    StreamKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public static Optional<StreamKind> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(k -> k.prefix.equals(prefix)).findFirst();
    }
}
