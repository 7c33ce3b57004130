package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * The unified social credit code of an enterprise or other organisation, as defined by
 * GB 32100-2015.
 *
 * <p>A code has 18 characters drawn from the 31-character alphabet {@code 0-9} and the upper-case
 * letters without I, O, Z, S and V (left out because they are easily mistaken for digits). The
 * eighteenth character is a check character computed modulo 31 over the first seventeen, so that a
 * mistyped code is refused at the boundary instead of creating a stream for an enterprise that does
 * not exist. Only upper case is accepted, because the standard defines no lower-case form. An
 * instance can only hold a valid code; it serialises to and from a plain JSON string.
 *
 * @param value the 18-character code
 */
public record EnterpriseId(String value) {

    /** The length of a complete code. */
    public static final int LENGTH = 18;

    /** The characters a code may use; a character's numeric value is its index here. */
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /**
     * Creates an enterprise id after checking it.
     *
     * @throws IllegalArgumentException with the text of {@link #problem(String)} if the code is invalid
     */
    public EnterpriseId {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Creates an enterprise id from its string form; this is also how JSON strings are read.
     *
     * @param value the 18-character code
     * @return the enterprise id
     * @throws IllegalArgumentException if the code is invalid
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EnterpriseId of(String value) {
        return new EnterpriseId(value);
    }

    /**
     * Returns the code; it is written to JSON as a plain string.
     *
     * @return the 18-character code
     */
    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /**
     * Says what is wrong with a candidate code, without ever repeating the code.
     *
     * @param value the candidate, possibly {@code null}
     * @return empty when the code is valid, otherwise a short English description of the problem
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.length() != LENGTH) {
            return Optional.of("must be 18 characters");
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                return Optional.of("must use only the characters 0-9 and A-Z without I, O, Z, S, V");
            }
        }
        if (checkCharacter(value.subSequence(0, LENGTH - 1)) != value.charAt(LENGTH - 1)) {
            return Optional.of("check character does not match");
        }
        return Optional.empty();
    }

    /**
     * Computes the GB 32100-2015 check character for the first 17 characters of a code.
     *
     * @param first17 exactly 17 characters from the code alphabet
     * @return the check character
     * @throws IllegalArgumentException if the input is not 17 characters of the code alphabet
     */
    public static char checkCharacter(CharSequence first17) {
        if (first17 == null || first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("must be 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("must use only the characters 0-9 and A-Z without I, O, Z, S, V");
            }
            sum += v * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** Returns the code itself. */
    @Override
    public String toString() {
        return value;
    }
}
