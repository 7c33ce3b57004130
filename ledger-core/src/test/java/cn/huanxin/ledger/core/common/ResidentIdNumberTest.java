package cn.huanxin.ledger.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples for {@link ResidentIdNumber}; vectors were cross-checked with an independent script. */
class ResidentIdNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014", "110101199003074477"})
    void acceptsPublishedExamples(String value) {
        assertThat(ResidentIdNumber.problem(value)).isEmpty();
    }

    @Test
    void computesCheckCharacterOfPublishedExamples() {
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
        assertThat(ResidentIdNumber.checkCharacter("11010119900307447")).isEqualTo('7');
        assertThat(ResidentIdNumber.checkCharacter("00000000000000000")).isEqualTo('1');
        assertThat(ResidentIdNumber.checkCharacter("99999999999999999")).isEqualTo('3');
    }

    @Test
    void acceptsLowerCaseCheckX() {
        assertThat(ResidentIdNumber.problem("11010519491231002x")).isEmpty();
    }

    @Test
    void normaliseUpperCasesTrailingX() {
        assertThat(ResidentIdNumber.normalise("11010519491231002x")).isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.normalise("11010519491231002X")).isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.normalise("440524188001010014")).isEqualTo("440524188001010014");
    }

    @Test
    void judgesOnlyTheCheckCharacterNotBirthDateOrRegion() {
        assertThat(ResidentIdNumber.problem("000000000000000001")).isEmpty();
        assertThat(ResidentIdNumber.problem("110105999913990010")).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(ResidentIdNumber.problem(null)).contains("must be 18 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11010519491231002", "11010519491231002XX", " 11010519491231002X"})
    void rejectsWrongLength(String value) {
        assertThat(ResidentIdNumber.problem(value)).contains("must be 18 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1101051949123100AX", // letter in the body
        "X10105194912310021", // X is only allowed at the end
        "11010519491231002Y", // not a check character
        "1101051949123100 X", // space
        "11010519491231002\uFF11", // full-width digit one
        "\u0661\u0661010519491231002X" // Arabic-Indic digits are not ASCII digits
    })
    void rejectsCharactersOutsideTheFormat(String value) {
        assertThat(ResidentIdNumber.problem(value))
                .contains("must be 17 digits followed by a check character 0-9 or X");
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105194912310021", "110105194912310020", "440524188001010015", "44052418800101001X"})
    void rejectsWrongCheckCharacter(String value) {
        assertThat(ResidentIdNumber.problem(value)).contains("check character does not match");
    }

    @Test
    void rejectsAdjacentTransposition() {
        // 11010519491231002X with the digits "49" swapped to "94"
        assertThat(ResidentIdNumber.problem("11010519941231002X")).contains("check character does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1101051949123100", "110105194912310021", "1101051949123100A", "1101051949123100\uFF11"})
    void checkCharacterRefusesAnythingButSeventeenAsciiDigits(String value) {
        assertThatThrownBy(() -> ResidentIdNumber.checkCharacter(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkCharacterRefusesNull() {
        assertThatThrownBy(() -> ResidentIdNumber.checkCharacter(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
