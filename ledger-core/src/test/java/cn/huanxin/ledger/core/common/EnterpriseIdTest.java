package cn.huanxin.ledger.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Examples for {@link EnterpriseId}. The valid codes are the example of GB 32100-2015 and published
 * codes of well-known companies, each cross-checked with an independent script.
 */
class EnterpriseIdTest {

    private final ObjectMapper mapper = new ObjectMapper();

    record Holder(EnterpriseId enterpriseId) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "91350100M000100Y43",
        "914403001922038216",
        "91330100799655058B",
        "9144030071526726XG",
        "000000000000000000",
        "YYYYYYYYYYYYYYYYYT"
    })
    void acceptsValidCodes(String value) {
        assertThat(EnterpriseId.problem(value)).isEmpty();
        assertThat(EnterpriseId.of(value).value()).isEqualTo(value);
    }

    @Test
    void computesCheckCharacter() {
        assertThat(EnterpriseId.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(EnterpriseId.checkCharacter("91440300192203821")).isEqualTo('6');
        assertThat(EnterpriseId.checkCharacter("91330100799655058")).isEqualTo('B');
        assertThat(EnterpriseId.checkCharacter("9144030071526726X")).isEqualTo('G');
        assertThat(EnterpriseId.checkCharacter("00000000000000000")).isEqualTo('0');
    }

    @Test
    void rejectsNull() {
        assertThat(EnterpriseId.problem(null)).contains("must be 18 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y4", "91350100M000100Y433"})
    void rejectsWrongLength(String value) {
        assertThat(EnterpriseId.problem(value)).contains("must be 18 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "91350100m000100Y43", // lower case
        "91350100I000100Y43",
        "91350100O000100Y43",
        "91350100Z000100Y43",
        "91350100S000100Y43",
        "91350100V000100Y43",
        "91350100-000100Y43",
        "91350100M000100Y4\uFF13" // full-width digit three
    })
    void rejectsCharactersOutsideTheAlphabet(String value) {
        assertThat(EnterpriseId.problem(value))
                .contains("must use only the characters 0-9 and A-Z without I, O, Z, S, V");
    }

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y44", "91350100M000100Y4Y", "914403001922038217", "91330100799655058C"})
    void rejectsWrongCheckCharacter(String value) {
        assertThat(EnterpriseId.problem(value)).contains("check character does not match");
    }

    @Test
    void constructorRefusesInvalidCodeWithTheProblem() {
        assertThatThrownBy(() -> new EnterpriseId("91350100M000100Y44"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check character does not match");
        assertThatThrownBy(() -> EnterpriseId.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be 18 characters");
    }

    @Test
    void toStringIsTheRawCode() {
        assertThat(EnterpriseId.of("91350100M000100Y43")).hasToString("91350100M000100Y43");
    }

    @Test
    void equalCodesAreEqualValues() {
        assertThat(EnterpriseId.of("914403001922038216")).isEqualTo(new EnterpriseId("914403001922038216"));
    }

    @Test
    void serialisesAsPlainJsonString() throws Exception {
        assertThat(mapper.writeValueAsString(EnterpriseId.of("91350100M000100Y43"))).isEqualTo("\"91350100M000100Y43\"");
        assertThat(mapper.writeValueAsString(new Holder(EnterpriseId.of("91350100M000100Y43"))))
                .isEqualTo("{\"enterpriseId\":\"91350100M000100Y43\"}");
    }

    @Test
    void deserialisesFromPlainJsonString() throws Exception {
        assertThat(mapper.readValue("\"91350100M000100Y43\"", EnterpriseId.class))
                .isEqualTo(EnterpriseId.of("91350100M000100Y43"));
        assertThat(mapper.readValue("{\"enterpriseId\":\"91350100M000100Y43\"}", Holder.class).enterpriseId())
                .isEqualTo(EnterpriseId.of("91350100M000100Y43"));
    }

    @Test
    void deserialisationRefusesInvalidCode() {
        assertThatThrownBy(() -> mapper.readValue("\"91350100M000100Y44\"", EnterpriseId.class))
                .isInstanceOf(JsonMappingException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("check character does not match");
    }
}
