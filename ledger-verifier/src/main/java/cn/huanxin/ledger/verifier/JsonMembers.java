package cn.huanxin.ledger.verifier;

import cn.huanxin.ledger.core.integrity.Hashes;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;

/**
 * Reads typed members of a JSON object and records a {@link BundleProblem} for each one that is
 * missing or of the wrong type, so that the verifier can go on and report every problem at once.
 * Each reader answers {@code null} when the member cannot be used.
 */
final class JsonMembers {

    private final List<BundleProblem> problems;

    JsonMembers(List<BundleProblem> problems) {
        this.problems = problems;
    }

    void problem(String where, String reason) {
        problems.add(new BundleProblem(where, reason));
    }

    JsonNode object(JsonNode parent, String name, String where) {
        JsonNode value = member(parent, name, where);
        if (value != null && !value.isObject()) {
            return wrongType(name, where, "an object", value);
        }
        return value;
    }

    JsonNode array(JsonNode parent, String name, String where) {
        JsonNode value = member(parent, name, where);
        if (value != null && !value.isArray()) {
            return wrongType(name, where, "an array", value);
        }
        return value;
    }

    String string(JsonNode parent, String name, String where) {
        JsonNode value = member(parent, name, where);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return wrongType(name, where, "a string", value);
        }
        return value.textValue();
    }

    /** An integer member within {@code [min, max]}; a number with a fraction or exponent, or a string, is refused. */
    Long integer(JsonNode parent, String name, String where, long min, long max) {
        JsonNode value = member(parent, name, where);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return wrongType(name, where, "an integer", value);
        }
        long number = value.longValue();
        if (number < min || number > max) {
            problem(where, "member " + name + " must be between " + min + " and " + max + ", is " + number);
            return null;
        }
        return number;
    }

    /** A string member that must be a SHA-256 hash in lower-case hex, as bytes. */
    byte[] hash(JsonNode parent, String name, String where) {
        String text = string(parent, name, where);
        if (text == null) {
            return null;
        }
        return hashOrProblem(text, "member " + name, where);
    }

    /** The bytes of a lower-case hex SHA-256 hash, or {@code null} and a problem naming {@code what}. */
    byte[] hashOrProblem(String text, String what, String where) {
        byte[] bytes = Hashes.fromHex(text);
        if (bytes.length == 0) {
            problem(where, what + " must be 64 lower-case hex digits, is \"" + Texts.abbreviate(text) + "\"");
            return null;
        }
        return bytes;
    }

    private JsonNode member(JsonNode parent, String name, String where) {
        JsonNode value = parent.get(name);
        if (value == null) {
            problem(where, "member " + name + " is missing");
        }
        return value;
    }

    private <T> T wrongType(String name, String where, String expected, JsonNode value) {
        problem(where, "member " + name + " must be " + expected + ", is " + describe(value));
        return null;
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> !value.isIntegralNumber() ? "a number with a fraction or exponent"
                    : value.canConvertToLong() ? "an integer" : "an integer beyond 64 bits";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
