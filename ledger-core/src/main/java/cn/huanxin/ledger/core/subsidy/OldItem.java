package cn.huanxin.ledger.core.subsidy;

import java.util.Objects;

/** The old item handed in: a VIN for a vehicle, a {@code returnId} for an appliance, … */
public record OldItem(OldItemKind kind, String ref) {

    public OldItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
    }
}
