package cn.huanxin.ledger.projections.supervision;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a full-chain trace starts from: the {@code kind} of {@code GET /trace/{kind}/{ref}}. For
 * {@link #PERSON} the ref is the person's pseudonym ({@code personRef}); the API pseudonymises the
 * ID number before it asks.
 */
public enum TraceKind {
    SUBSIDY, VEHICLE, APPLIANCE, INVOICE, ENTERPRISE, FUND, PERSON;

    /** The lower-case word used in URLs and in {@link Subject#kind()} and {@link Related#kind()}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the URL word ({@code subsidy}, {@code vehicle}, …), case-insensitively. */
    public static Optional<TraceKind> fromWord(String word) {
        return Arrays.stream(values()).filter(kind -> kind.word().equalsIgnoreCase(word)).findFirst();
    }
}
