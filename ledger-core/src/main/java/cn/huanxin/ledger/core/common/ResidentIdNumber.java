package cn.huanxin.ledger.core.common;

import java.util.Optional;

/**
 * Checks citizen identity numbers of the People's Republic of China as defined by GB 11643-1999.
 *
 * <p>A number has 18 characters: 17 digits followed by a check character computed with ISO 7064
 * MOD 11-2, which is a digit or {@code X} (standing for ten). The ledger never keeps raw identity
 * numbers as typed values, because they are pseudonymised into a {@code personRef} as soon as they
 * are accepted; this class is therefore only a static validator. Following the contract, only the
 * check character is judged: the region and birth-date digits are not examined, so that a record
 * is never refused for reasons the contract does not name.
 */
public final class ResidentIdNumber {

    /** The length of a complete identity number. */
    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** The check character indexed by the weighted sum of the first 17 digits modulo 11. */
    private static final String CHECK_CHARACTERS = "10X98765432";

    private ResidentIdNumber() {
    }

    /**
     * Computes the ISO 7064 MOD 11-2 check character for the first 17 digits of an identity number.
     *
     * @param first17Digits exactly 17 ASCII digits
     * @return the check character, one of {@code 0-9} or {@code X}
     * @throws IllegalArgumentException if the input is not exactly 17 ASCII digits
     */
    public static char checkCharacter(CharSequence first17Digits) {
        if (first17Digits == null || first17Digits.length() != LENGTH - 1) {
            throw new IllegalArgumentException("must be 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            char c = first17Digits.charAt(i);
            if (!isAsciiDigit(c)) {
                throw new IllegalArgumentException("must be 17 digits");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /**
     * Says what is wrong with a candidate identity number, without ever repeating the number.
     *
     * <p>A lower-case {@code x} is accepted as the check character; use {@link #normalise(String)}
     * to obtain the canonical upper-case form.
     *
     * @param value the candidate, possibly {@code null}
     * @return empty when the number is valid, otherwise a short English description of the problem
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.length() != LENGTH) {
            return Optional.of("must be 18 characters");
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(value.charAt(i))) {
                return Optional.of("must be 17 digits followed by a check character 0-9 or X");
            }
        }
        char last = value.charAt(LENGTH - 1);
        if (last == 'x') {
            last = 'X';
        }
        if (!isAsciiDigit(last) && last != 'X') {
            return Optional.of("must be 17 digits followed by a check character 0-9 or X");
        }
        if (checkCharacter(value.subSequence(0, LENGTH - 1)) != last) {
            return Optional.of("check character does not match");
        }
        return Optional.empty();
    }

    /**
     * Returns the canonical form of a valid identity number, with a trailing {@code x} upper-cased.
     * Nothing is trimmed; the input is assumed to have passed {@link #problem(String)}.
     *
     * @param value a valid identity number
     * @return the same number with an upper-case check character
     */
    public static String normalise(String value) {
        if (value != null && !value.isEmpty() && value.charAt(value.length() - 1) == 'x') {
            return value.substring(0, value.length() - 1) + 'X';
        }
        return value;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
