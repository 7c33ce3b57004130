package cn.huanxin.ledger.projections.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a stage breaks its chain, as the API writes it in a trace's {@code missing} entries
 * ({@code "STAGE: reason"}). The API's text is English and part of the contract; a reader in
 * another language gets the same reason from {@link #parse}, which names the reason and its
 * values (days, dates, ids) so that it can be said again from a message bundle. Every reason the
 * chains write is one of these texts, and the trace tests read every {@code missing} entry back
 * through {@link #explains}.
 */
public enum BreakReason {

    /** {0} days, {1} the deadline: a payment or a collection counted from the grant. */
    NOT_WITHIN_DAYS_OF_GRANT("not within {0} days of the grant (deadline {1})"),
    /** {0} days, {1} the deadline: a hand-over counted from the collection. */
    NOT_WITHIN_DAYS_OF_COLLECTION("not within {0} days of collection (deadline {1})"),
    /** {0} days, {1} the deadline. */
    NOT_DISMANTLED_BY_HOLDER("not by a WEEE_PROCESSING holder within {0} days of collection (deadline {1})"),
    /** {0} days, {1} the deadline, {2} the dismantler, {3} the day it dismantled. */
    DISMANTLED_BY_UNQUALIFIED("not by a WEEE_PROCESSING holder within {0} days of collection (deadline {1}):"
            + " dismantler {2} held no WEEE_PROCESSING valid on {3}"),
    /** {0} the dismantler, {1} the day it dismantled: a dismantling with no collection to count from. */
    DISMANTLER_UNQUALIFIED("dismantler {0} held no WEEE_PROCESSING valid on {1}"),
    /** {0} days, {1} the deadline: deregistration or dismantling counted from the scrapping. */
    NOT_WITHIN_DAYS_OF_SCRAPPING("not within {0} days of scrapping (deadline {1})"),
    /** {0} the recycler, {1} the day it scrapped. */
    RECYCLER_UNQUALIFIED("recycler {0} held no VEHICLE_RECYCLING valid on {1}"),
    /** {0} the issuer, {1} the day it issued. */
    ISSUER_UNQUALIFIED("issuer {0} held none of VEHICLE_RECYCLING, HAZARDOUS_WASTE, RECYCLING_FILING valid on {1}"),
    /** {0} the fund, {1} the region. */
    NO_ALLOCATION("no allocation of fund {0} to region {1} on or before the grant");

    private final String english;
    private final int arity;
    private final Pattern pattern;

    BreakReason(String english) {
        this.english = english;
        StringBuilder regex = new StringBuilder("^");
        Matcher placeholder = Placeholder.PATTERN.matcher(english);
        int from = 0;
        int count = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(english.substring(from, placeholder.start()))).append("(.+?)");
            from = placeholder.end();
            count++;
        }
        this.arity = count;
        this.pattern = Pattern.compile(regex.append(Pattern.quote(english.substring(from))).append('$').toString());
    }

    /** How many values the reason says. */
    public int arity() {
        return arity;
    }

    /** The API's text of this reason with these values, in placeholder order. */
    public String english(Object... values) {
        if (values.length != arity) {
            throw new IllegalArgumentException(name() + " takes " + arity + " values, not " + values.length);
        }
        String text = english;
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
    }

    /** The reason a text says, with its values in placeholder order; empty for a text of no reason here. */
    public static Optional<Said> parse(String text) {
        for (BreakReason reason : values()) {
            Matcher matcher = reason.pattern.matcher(text);
            if (matcher.matches()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    values.add(matcher.group(i));
                }
                return Optional.of(new Said(reason, values));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a {@code missing} entry reads entirely as stages and these reasons: {@code "STAGE"},
     * {@code "STAGE: reason"}, or a chain standing for a stage, {@code "STREAM: entry; entry"}.
     */
    public static boolean explains(String entry) {
        return Entry.of(entry).reason() == null || explainsBreaking(entry);
    }

    private static boolean explainsBreaking(String entry) {
        String reason = Entry.of(entry).reason();
        return reason != null && (parse(reason).isPresent()
                || Entry.nested(reason).stream().allMatch(BreakReason::explainsBreaking));
    }

    /** Enum constants are built before an enum's static fields: the pattern lives here. */
    private static final class Placeholder {
        static final Pattern PATTERN = Pattern.compile("\\{(\\d)}");
    }

    /** A reason read from a text: which one, and its values as the text wrote them. */
    public record Said(BreakReason reason, List<String> values) {
        public Said {
            values = List.copyOf(values);
        }
    }

    /**
     * One {@code missing} entry split into its stage and its reason ({@code null} when the stage
     * does not break the chain). Stage names hold no {@code ": "}; they may hold {@code ':'}
     * ({@code subsidy:S-1}) and {@code '/'} ({@code appliance:R-1/COLLECTED}).
     */
    public record Entry(String stage, String reason) {

        public static Entry of(String entry) {
            int colon = entry.indexOf(": ");
            return colon < 0 ? new Entry(entry, null) : new Entry(entry.substring(0, colon), entry.substring(colon + 2));
        }

        /** The entries of a chain that stands for one stage of another: its breaking stages, joined by "; ". */
        public static List<String> nested(String reason) {
            return List.of(reason.split("; "));
        }
    }
}
