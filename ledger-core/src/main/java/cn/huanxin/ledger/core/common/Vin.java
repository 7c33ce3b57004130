package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * A vehicle identification number as defined by ISO 3779 and, in China, GB 16735.
 *
 * <p>A VIN has 17 characters drawn from {@code 0-9} and the upper-case letters without I, O and Q
 * (left out because they are easily mistaken for 1 and 0). The ninth character is a check digit,
 * computed with the North-American scheme that GB 16735 makes mandatory: each character is
 * transliterated to a number, weighted by its position, and the sum is taken modulo 11, a remainder
 * of ten being written {@code X}. Checking it keeps a mistyped VIN from opening a second vehicle
 * stream. An instance can only hold a valid VIN; it serialises to and from a plain JSON string.
 *
 * @param value the 17-character VIN
 */
public record Vin(String value) {

    /** The length of a VIN. */
    public static final int LENGTH = 17;

    /** The zero-based index of the check digit. */
    public static final int CHECK_INDEX = 8;

    private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    /** Transliteration of A..Z; -1 marks the letters I, O and Q, which a VIN may not use. */
    private static final int[] LETTER_VALUES = {
        1, 2, 3, 4, 5, 6, 7, 8, -1, // A-I
        1, 2, 3, 4, 5, -1, 7, -1, 9, // J-R
        2, 3, 4, 5, 6, 7, 8, 9 // S-Z
    };

    /**
     * Creates a VIN after checking it.
     *
     * @throws IllegalArgumentException with the text of {@link #problem(String)} if the VIN is invalid
     */
    public Vin {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Creates a VIN from its string form; this is also how JSON strings are read.
     *
     * @param value the 17-character VIN
     * @return the VIN
     * @throws IllegalArgumentException if the VIN is invalid
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Vin of(String value) {
        return new Vin(value);
    }

    /**
     * Returns the VIN; it is written to JSON as a plain string.
     *
     * @return the 17-character VIN
     */
    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /**
     * Says what is wrong with a candidate VIN, without ever repeating the VIN.
     *
     * @param value the candidate, possibly {@code null}
     * @return empty when the VIN is valid, otherwise a short English description of the problem
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.length() != LENGTH) {
            return Optional.of("must be 17 characters");
        }
        for (int i = 0; i < LENGTH; i++) {
            if (transliterate(value.charAt(i)) < 0) {
                return Optional.of("must use only 0-9 and A-Z without I, O, Q");
            }
        }
        if (checkDigit(value) != value.charAt(CHECK_INDEX)) {
            return Optional.of("check digit does not match");
        }
        return Optional.empty();
    }

    /**
     * Computes the check digit of a 17-character VIN, ignoring whatever stands in position 9.
     *
     * @param vin17 17 characters of the VIN alphabet (position 9 may hold any character)
     * @return the check digit, one of {@code 0-9} or {@code X}
     * @throws IllegalArgumentException if the input is not 17 characters or uses a character
     *     outside the VIN alphabet in a position other than 9
     */
    public static char checkDigit(CharSequence vin17) {
        if (vin17 == null || vin17.length() != LENGTH) {
            throw new IllegalArgumentException("must be 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            if (i == CHECK_INDEX) {
                continue;
            }
            int v = transliterate(vin17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("must use only 0-9 and A-Z without I, O, Q");
            }
            sum += v * WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder == 10 ? 'X' : (char) ('0' + remainder);
    }

    /** Returns the VIN itself. */
    @Override
    public String toString() {
        return value;
    }

    /** The numeric value of a VIN character, or -1 if the character may not appear in a VIN. */
    static int transliterate(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return LETTER_VALUES[c - 'A'];
        }
        return -1;
    }
}
