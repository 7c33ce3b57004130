package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.security.Pseudonymizer;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.core.common.AsciiForms;
import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.OtherId;
import cn.huanxin.ledger.core.common.Pseudonym;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.core.common.ResidentIdNumber;
import cn.huanxin.ledger.core.common.Vin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads one JSON object field by field, checking each field as docs/api.md describes and collecting
 * every error with its full path ({@code payload.beneficiary.idNumber}) instead of stopping at the
 * first. Unknown fields are errors too: a field the ledger would drop silently is data lost.
 * <p>
 * Error messages never repeat the value: a rejected ID number must not reach a response or a log.
 */
final class PayloadFields {

    static final int MAX_TEXT_LENGTH = 256;
    static final int MAX_LONG_TEXT_LENGTH = 2_000;
    static final int MAX_ARRAY_LENGTH = 1_000;
    private static final BigDecimal MAX_WEIGHT_KG = new BigDecimal("1000000000");
    /** A decimal amount given as text: up to 18 digits each side of the point, an optional minus. */
    private static final int DECIMAL_TEXT_DIGITS = 18;

    private final JsonNode node;
    private final String path;
    private final Context context;
    private final Set<String> read = new HashSet<>();

    /** What every reader of one request shares: the error list, the region table, the pseudonymizer. */
    record Context(List<FieldError> errors, RegionTable regions, Pseudonymizer pseudonymizer) {
    }

    private PayloadFields(JsonNode node, String path, Context context) {
        this.node = node;
        this.path = path;
        this.context = context;
    }

    /** A reader for {@code node}, or {@code null} (with an error) when it is not a JSON object. */
    static PayloadFields of(JsonNode node, String path, Context context) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            context.errors().add(new FieldError(path, "is required"));
            return null;
        }
        if (!(node instanceof ObjectNode)) {
            context.errors().add(new FieldError(path, "must be a JSON object"));
            return null;
        }
        return new PayloadFields(node, path, context);
    }

    boolean hasErrors() {
        return !context.errors().isEmpty();
    }

    /**
     * Reports unknown fields, then builds the value if the whole request is still free of errors.
     * Checking before building means constructors never see a half-read payload.
     */
    <T> T build(Supplier<T> constructor) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                error(name, "is not a field of this object");
            }
        }
        if (hasErrors()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            context.errors().add(new FieldError(path, e.getMessage()));
            return null;
        }
    }

    // ---- plain values

    String text(String name) {
        return text(name, MAX_TEXT_LENGTH, true);
    }

    String optionalText(String name) {
        return text(name, MAX_TEXT_LENGTH, false);
    }

    String longOptionalText(String name) {
        return text(name, MAX_LONG_TEXT_LENGTH, false);
    }

    private String text(String name, int maxLength, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return error(name, "must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            return error(name, "must not be blank");
        }
        if (text.length() > maxLength) {
            return error(name, "must be at most " + maxLength + " characters");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c))) {
            return error(name, "must not contain control characters");
        }
        // A lone surrogate is not Unicode text: it has no UTF-8 form, so no canonical form to hash.
        if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            return error(name, "must be valid Unicode text");
        }
        return text;
    }

    String otherId(String name) {
        return otherId(name, true);
    }

    String optionalOtherId(String name) {
        return otherId(name, false);
    }

    private String otherId(String name, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || !OtherId.isValid(value.textValue())) {
            return error(name, "must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        return value.textValue();
    }

    <T> T id(String name, Function<String, T> constructor) {
        String value = otherId(name);
        return value == null ? null : constructor.apply(value);
    }

    <T> T optionalId(String name, Function<String, T> constructor) {
        String value = optionalOtherId(name);
        return value == null ? null : constructor.apply(value);
    }

    Integer integer(String name, int min, int max, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            return error(name, "must be a JSON integer from " + min + " to " + max);
        }
        return value.intValue();
    }

    /** A count: a JSON integer of at least 1. */
    Long quantity(String name) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1
                || value.longValue() > 1_000_000_000_000L) {
            return error(name, "must be a JSON integer of at least 1");
        }
        return value.longValue();
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return enumValue(name, type, true);
    }

    <E extends Enum<E>> E optionalEnumValue(String name, Class<E> type) {
        return enumValue(name, type, false);
    }

    private <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.textValue())) {
                    return constant;
                }
            }
        }
        return error(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")));
    }

    LocalDate date(String name) {
        return date(name, true);
    }

    LocalDate optionalDate(String name) {
        return date(name, false);
    }

    private LocalDate date(String name, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (value.isTextual() && AsciiForms.dateShape(value.textValue())) {
            try {
                return LocalDate.parse(value.textValue());
            } catch (DateTimeParseException e) {
                return error(name, "is not a calendar date");
            }
        }
        return error(name, "must be a date YYYY-MM-DD");
    }

    // ---- money and measures

    /** An amount in yuan: greater than zero, at most two fraction digits. */
    Money amount(String name) {
        return money(name, true, false);
    }

    Money optionalAmount(String name) {
        return money(name, false, false);
    }

    /** A tax amount: zero or more, at most two fraction digits. */
    Money tax(String name) {
        return money(name, true, true);
    }

    private Money money(String name, boolean required, boolean zeroAllowed) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        BigDecimal decimal = decimal(value);
        if (decimal == null) {
            return error(name, "must be a decimal amount in yuan, e.g. \"1999.00\"");
        }
        if (decimal.stripTrailingZeros().scale() > 2) {
            return error(name, "must have at most two fraction digits");
        }
        if (zeroAllowed ? decimal.signum() < 0 : decimal.signum() <= 0) {
            return error(name, zeroAllowed ? "must not be negative" : "must be greater than zero");
        }
        try {
            return Money.of(decimal);
        } catch (IllegalArgumentException e) {
            return error(name, e.getMessage());
        }
    }

    /** A weight in kilograms: greater than zero, at most three fraction digits, kept without trailing zeros. */
    BigDecimal weightKg(String name) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        BigDecimal decimal = decimal(value);
        if (decimal == null) {
            return error(name, "must be a decimal number of kilograms");
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() > 3) {
            return error(name, "must have at most three fraction digits");
        }
        if (decimal.signum() <= 0 || decimal.compareTo(MAX_WEIGHT_KG) > 0) {
            return error(name, "must be greater than zero and at most " + MAX_WEIGHT_KG.toPlainString());
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && AsciiForms.plainDecimal(value.textValue(), DECIMAL_TEXT_DIGITS)) {
            return new BigDecimal(value.textValue());
        }
        return null;
    }

    // ---- identifiers with checks

    RegionCode regionInTable(String name) {
        RegionCode code = regionForm(name, true);
        if (code != null && !context.regions().contains(code.value())) {
            return error(name, "is not a region of the configured region table");
        }
        return code;
    }

    RegionCode regionForm(String name, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || !RegionCode.isWellFormed(value.textValue())) {
            return error(name, "must be a 6-digit region code");
        }
        return RegionCode.of(value.textValue());
    }

    Vin vin(String name) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return error(name, "must be a string");
        }
        Optional<String> problem = Vin.problem(value.textValue());
        return problem.isPresent() ? error(name, problem.get()) : Vin.of(value.textValue());
    }

    EnterpriseId enterprise(String name) {
        return enterprise(name, true);
    }

    EnterpriseId optionalEnterprise(String name) {
        return enterprise(name, false);
    }

    private EnterpriseId enterprise(String name, boolean required) {
        JsonNode value = field(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return error(name, "must be a string");
        }
        Optional<String> problem = EnterpriseId.problem(value.textValue());
        return problem.isPresent() ? error(name, problem.get()) : EnterpriseId.of(value.textValue());
    }

    /** A resident ID number, checked and replaced by its pseudonym at once. */
    Pseudonym idNumber(String name) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return error(name, "must be a string");
        }
        Optional<String> problem = ResidentIdNumber.problem(value.textValue());
        return problem.isPresent() ? error(name, problem.get())
                : context.pseudonymizer().idNumber(value.textValue());
    }

    Pseudonym payeeAccount(String name) {
        String value = text(name, 64, true);
        return value == null ? null : nonEmptyRef(name, value, context.pseudonymizer()::payeeAccount);
    }

    Pseudonym optionalDeliveryAddress(String name) {
        String value = text(name, 500, false);
        return value == null ? null : nonEmptyRef(name, value, context.pseudonymizer()::deliveryAddress);
    }

    private Pseudonym nonEmptyRef(String name, String value, Function<String, Pseudonym> pseudonymize) {
        if (Pseudonymizer.normaliseText(value).isEmpty()) {
            return error(name, "must not be blank");
        }
        return pseudonymize.apply(value);
    }

    // ---- structure

    PayloadFields object(String name) {
        JsonNode value = field(name, true);
        return value == null ? null : of(value, path + "." + name, context);
    }

    PayloadFields optionalObject(String name) {
        JsonNode value = field(name, false);
        return value == null ? null : of(value, path + "." + name, context);
    }

    /** Reads every element of a required, non-empty array of objects. */
    <T> List<T> objects(String name, Function<PayloadFields, T> reader) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > MAX_ARRAY_LENGTH) {
            return error(name, "must be a non-empty array of at most " + MAX_ARRAY_LENGTH + " objects");
        }
        List<T> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            PayloadFields element = of(value.get(i), path + "." + name + "[" + i + "]", context);
            items.add(element == null ? null : reader.apply(element));
        }
        return items;
    }

    /** A non-empty array of distinct enum constants. */
    <E extends Enum<E>> List<E> enumValues(String name, Class<E> type) {
        JsonNode value = field(name, true);
        if (value == null) {
            return null;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > type.getEnumConstants().length) {
            return error(name, "must be a non-empty array of distinct values");
        }
        List<E> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            E constant = element.isTextual() ? Arrays.stream(type.getEnumConstants())
                    .filter(c -> c.name().equals(element.textValue())).findFirst().orElse(null) : null;
            if (constant == null) {
                context.errors().add(new FieldError(path + "." + name + "[" + i + "]", "must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))));
            } else if (items.contains(constant)) {
                context.errors().add(new FieldError(path + "." + name + "[" + i + "]", "is listed twice"));
            } else {
                items.add(constant);
            }
        }
        return items;
    }

    /** An optional array of item references (VINs or returnIds). */
    List<String> optionalRefs(String name) {
        JsonNode value = field(name, false);
        if (value == null) {
            return null;
        }
        if (!value.isArray() || value.size() > MAX_ARRAY_LENGTH) {
            return error(name, "must be an array of at most " + MAX_ARRAY_LENGTH + " ids");
        }
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual() || !OtherId.isValid(element.textValue())) {
                context.errors().add(new FieldError(path + "." + name + "[" + i + "]",
                        "must be 1-64 characters of [A-Za-z0-9._:-]"));
            } else {
                refs.add(element.textValue());
            }
        }
        return refs;
    }

    /** Reports an error about a field of this object and returns {@code null} for the caller's convenience. */
    <T> T error(String name, String message) {
        context.errors().add(new FieldError(path + "." + name, message));
        return null;
    }

    private JsonNode field(String name, boolean required) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        return value;
    }
}
