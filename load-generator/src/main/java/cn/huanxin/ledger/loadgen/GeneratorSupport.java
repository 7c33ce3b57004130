package cn.huanxin.ledger.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the parts of the generator share: the run id, the one seeded random source, identifiers,
 * serial numbers, times, money and drafts.
 *
 * <p>Every part draws from the same {@link Random}, so the generated sequence depends on the order in
 * which the parts draw; the helpers here draw exactly as many numbers, in the same order, as the
 * generator always has.
 */
final class GeneratorSupport {

    /** The seven county-level regions of Huai'an, with their names, in a fixed order. */
    static final Map<String, String> COUNTIES = new LinkedHashMap<>();

    static {
        COUNTIES.put("320803", "淮安区");
        COUNTIES.put("320804", "淮阴区");
        COUNTIES.put("320812", "清江浦区");
        COUNTIES.put("320813", "洪泽区");
        COUNTIES.put("320826", "涟水县");
        COUNTIES.put("320830", "盱眙县");
        COUNTIES.put("320831", "金湖县");
    }

    /** The last day of the programme year; follow-up events never go past it. */
    static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 31);

    /** Weights of the counties, in the order of {@link #COUNTIES}, roughly by population. */
    private static final int[] COUNTY_WEIGHTS = {17, 16, 14, 7, 15, 10, 6};
    private static final int COUNTY_WEIGHT_TOTAL = 85;
    private static final ZoneOffset CHINA_STANDARD_TIME = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter OCCURRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final String runId;
    private final Random random;
    private final Identifiers identifiers;
    private final ObjectMapper mapper = new ObjectMapper();

    private int caseSerial;
    private int documentSerial = 100;
    private int vehicleSerial;

    GeneratorSupport(String runId, long seed) {
        this.runId = runId;
        this.random = new Random(seed);
        this.identifiers = new Identifiers(runId);
    }

    String runId() {
        return runId;
    }

    /** The one random source of the run; every part must draw from this one. */
    Random random() {
        return random;
    }

    Identifiers identifiers() {
        return identifiers;
    }

    /** The number of the next case, unique within the run; it goes into the case's ids. */
    int nextCaseNumber() {
        return ++caseSerial;
    }

    /** The number of the next official document (fund documents, certificates). */
    int nextDocumentNumber() {
        return ++documentSerial;
    }

    /** The serial of the next VIN, unique within the run. */
    int nextVehicleSerial() {
        return vehicleSerial++;
    }

    /** A county drawn by population, so that the larger counties see more cases. */
    String randomCounty() {
        int ticket = random.nextInt(COUNTY_WEIGHT_TOTAL);
        int i = 0;
        List<String> keys = new ArrayList<>(COUNTIES.keySet());
        while (ticket >= COUNTY_WEIGHTS[i]) {
            ticket -= COUNTY_WEIGHTS[i++];
        }
        return keys.get(i);
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** An event without its event id, which is only known once the plan is assembled. */
    Draft draft(String type, String streamId, OffsetDateTime at, ObjectNode payload) {
        try {
            return new Draft(type, streamId, EventGenerator.CREATING_TYPES.contains(type), OCCURRED_AT.format(at),
                    mapper.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A time during office hours on the day. */
    OffsetDateTime at(LocalDate day) {
        return day.atTime(8 + random.nextInt(12), random.nextInt(60), random.nextInt(60)).atOffset(CHINA_STANDARD_TIME);
    }

    /** A time some days after {@code t}, kept within 2024 and always after {@code t}. */
    OffsetDateTime later(OffsetDateTime t, int minDays, int maxDays) {
        LocalDate day = t.toLocalDate().plusDays(minDays + random.nextInt(maxDays - minDays + 1));
        OffsetDateTime candidate = at(day.isAfter(LAST_DAY) ? LAST_DAY : day);
        return candidate.isAfter(t) ? candidate : t.plusMinutes(5 + random.nextInt(55));
    }

    LocalDate randomDate(LocalDate from, int spanDays) {
        return from.plusDays(random.nextInt(Math.max(1, spanDays)));
    }

    /** An amount of yuan as the contract writes it: two decimals, no exponent. */
    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A case number as it appears in ids: seven digits. */
    static String sequence(int number) {
        return String.format("%07d", number);
    }

    String digits(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    /** Digits and upper-case letters without I and O, as on serial-number plates. */
    String alphanumeric(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    char pickCharacter(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
