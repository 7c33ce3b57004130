package cn.huanxin.ledger.api.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests that run the packaged jar as a process share: random run ids, valid enterprise ids
 * and the stream-opening events they post, and the ledger's log and data directory around a run.
 */
public final class JarTestSupport {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private JarTestSupport() {
    }

    /** Random letters and digits that cannot be mistaken for one another. */
    public static String token(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    /** A unified social credit code with a valid GB 32100-2015 check character. */
    public static String enterpriseId() {
        StringBuilder code = new StringBuilder("91320812");
        while (code.length() < 17) {
            code.append(USCC_ALPHABET.charAt(RANDOM.nextInt(USCC_ALPHABET.length())));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_ALPHABET.indexOf(code.charAt(i)) * USCC_WEIGHTS[i];
        }
        return code.append(USCC_ALPHABET.charAt((31 - sum % 31) % 31)).toString();
    }

    /**
     * Fills {@code envelope} with event {@code n} of a test's load: each opens a new stream, even ones a
     * fund ({@code FundOpened}), odd ones an enterprise ({@code EnterpriseRegistered}), so that any
     * number of them is accepted in any order.
     *
     * @param tag   the test and run, in ids ({@code OUTAGE-…}); {@code label} the same in names
     */
    public static ObjectNode openingEvent(ObjectNode envelope, String eventId, String tag, String label, int n,
                                          String region) {
        envelope.put("eventId", eventId);
        envelope.put("occurredAt", "2024-07-26T10:00:00+08:00");
        ObjectNode payload;
        if (n % 2 == 0) {
            envelope.put("type", "FundOpened");
            payload = envelope.putObject("payload");
            payload.put("fundId", tag + "-FUND-" + n);
            payload.put("name", label + "资金 " + n);
            payload.put("year", 2024);
            payload.put("scheme", "CONSUMER_TRADE_IN");
            payload.put("source", "CENTRAL_BOND");
            payload.put("regionCode", region);
            payload.put("documentNo", "HCJ-2024-" + n);
        } else {
            envelope.put("type", "EnterpriseRegistered");
            payload = envelope.putObject("payload");
            payload.put("enterpriseId", enterpriseId());
            payload.put("name", "淮安市" + label + "回收有限公司" + n);
            payload.putArray("roles").add("RECYCLER").add("DISMANTLER");
            payload.put("regionCode", region);
        }
        return envelope;
    }

    /** An answer's body short enough for an assertion message. */
    public static String abbreviate(String text) {
        return text == null || text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }

    /** The last 60 lines of a log, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Deletes a directory and what it holds, as far as it can: a temp directory left behind is harmless. */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
