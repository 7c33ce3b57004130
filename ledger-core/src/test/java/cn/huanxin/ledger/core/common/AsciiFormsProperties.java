package cn.huanxin.ledger.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each check of {@link AsciiForms} answers exactly as the regular expression it replaced, on strings
 * drawn mostly from the characters that decide the answer (the form's own, their neighbours in ASCII,
 * separators, non-ASCII digits and letters) and of lengths around the form's bounds.
 */
class AsciiFormsProperties {

    private static final Pattern ID_64 = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern ID_128 = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,18})?");

    /** The form's characters and those just outside them, plus a few that fool careless checks. */
    private static final String EDGES = "09azAZ._:-/;@[`{~ gG+,\u0660\u0661\uff10\u00e9\u4e2d\n";

    @Provide
    Arbitrary<String> idLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(EDGES).ofMinLength(0).ofMaxLength(3),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("._:-")
                        .ofMinLength(60).ofMaxLength(132),
                Arbitraries.strings().withCharRange('A', 'Z').withChars(EDGES).ofMinLength(0).ofMaxLength(70),
                Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(130));
    }

    @Provide
    Arbitrary<String> hexLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofMinLength(62).ofMaxLength(66),
                Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'g').withChars("AF/:`")
                        .ofLength(64),
                Arbitraries.strings().withChars(EDGES).ofMinLength(0).ofMaxLength(66));
    }

    @Provide
    Arbitrary<String> digitsLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(12),
                Arbitraries.strings().withCharRange('0', '9').withChars("/:-.\u0660\uff10a").ofMinLength(4)
                        .ofMaxLength(12),
                Arbitraries.strings().withChars(EDGES).ofMinLength(0).ofMaxLength(11));
    }

    @Provide
    Arbitrary<String> decimalLike() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789-.+e/:\u0660 ").ofMinLength(0)
                .ofMaxLength(8);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("", "-", "--", "+"), digits,
                        Arbitraries.of("", ".", "..", ","), digits).as((s, w, p, f) -> s + w + p + f),
                noise);
    }

    @Property(tries = 3000)
    void idCharsIsTheIdForm(@ForAll("idLike") String value) {
        assertThat(AsciiForms.idChars(value, 1, 64)).isEqualTo(ID_64.matcher(value).matches());
        assertThat(AsciiForms.idChars(value, 1, 128)).isEqualTo(ID_128.matcher(value).matches());
        assertThat(OtherId.isValid(value)).isEqualTo(ID_64.matcher(value).matches());
    }

    @Property(tries = 2000)
    void lowerHexIsThePseudonymForm(@ForAll("hexLike") String value) {
        assertThat(AsciiForms.lowerHex(value, 64)).isEqualTo(HEX_64.matcher(value).matches());
    }

    @Property(tries = 2000)
    void digitsIsTheRegionForm(@ForAll("digitsLike") String value) {
        assertThat(AsciiForms.digits(value, 6)).isEqualTo(SIX_DIGITS.matcher(value).matches());
        assertThat(RegionCode.isWellFormed(value)).isEqualTo(SIX_DIGITS.matcher(value).matches());
    }

    @Property(tries = 2000)
    void dateShapeIsTheDateForm(@ForAll("digitsLike") String value) {
        assertThat(AsciiForms.dateShape(value)).isEqualTo(DATE.matcher(value).matches());
    }

    @Property(tries = 3000)
    void plainDecimalIsTheDecimalForm(@ForAll("decimalLike") String value) {
        assertThat(AsciiForms.plainDecimal(value, 18)).isEqualTo(DECIMAL.matcher(value).matches());
    }

    @Example
    void theFormsTheyNameAndTheirNeighbours() {
        assertThat(AsciiForms.idChars("SUB-2024:0001_a.b", 1, 64)).isTrue();
        assertThat(AsciiForms.idChars("", 1, 64)).isFalse();
        assertThat(AsciiForms.idChars("a".repeat(65), 1, 64)).isFalse();
        assertThat(AsciiForms.idChars("a b", 1, 64)).isFalse();
        assertThat(AsciiForms.idChars(null, 1, 64)).isFalse();
        assertThat(AsciiForms.lowerHex("0123456789abcdef".repeat(4), 64)).isTrue();
        assertThat(AsciiForms.lowerHex("0123456789ABCDEF".repeat(4), 64)).isFalse();
        assertThat(AsciiForms.digits("320800", 6)).isTrue();
        assertThat(AsciiForms.digits("32080\u0660", 6)).isFalse();
        assertThat(AsciiForms.dateShape("2024-02-30")).isTrue();
        assertThat(AsciiForms.dateShape("2024-2-03")).isFalse();
        assertThat(AsciiForms.plainDecimal("-123.45", 18)).isTrue();
        assertThat(AsciiForms.plainDecimal("1.", 18)).isFalse();
        assertThat(AsciiForms.plainDecimal(".5", 18)).isFalse();
        assertThat(AsciiForms.plainDecimal("-", 18)).isFalse();
        assertThat(AsciiForms.plainDecimal("1".repeat(19), 18)).isFalse();
        assertThat(AsciiForms.plainDecimal("1." + "2".repeat(18), 18)).isTrue();
    }
}
