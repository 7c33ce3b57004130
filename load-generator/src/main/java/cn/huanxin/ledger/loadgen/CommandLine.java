package cn.huanxin.ledger.loadgen;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The command lines of the load generator's programs: {@code --key value} or {@code --key=value},
 * flags without a value, {@code --help}; and the checks their values share. Every problem is an
 * {@link IllegalArgumentException} naming the option, which the programs print with their usage.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * Hands each option to {@code option} as (key, value), a flag of {@code flags} as (key, "true").
     * Returns false, having handed over nothing more, when help was asked for.
     */
    public static boolean parse(String[] args, Set<String> flags, BiConsumer<String, String> option) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return false;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            String key = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            if (eq > 0) {
                option.accept(key, arg.substring(eq + 1));
            } else if (flags.contains(key)) {
                option.accept(key, "true");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for --" + key);
            } else {
                option.accept(key, args[++i]);
            }
        }
        return true;
    }

    public static long integer(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer: " + value);
        }
    }

    public static int nonNegative(String key, String value) {
        long v = integer(key, value);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + key + " must not be negative");
        }
        return (int) v;
    }

    public static int positive(String key, String value) {
        long v = integer(key, value);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + key + " must be a positive integer");
        }
        return (int) v;
    }

    /** The URL, when it is http or https. */
    public static String httpUrl(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("--url must start with http:// or https://");
        }
        return url;
    }
}
