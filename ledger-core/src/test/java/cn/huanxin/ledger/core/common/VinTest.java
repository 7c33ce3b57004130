package cn.huanxin.ledger.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples for {@link Vin}; vectors were cross-checked with an independent script. */
class VinTest {

    private final ObjectMapper mapper = new ObjectMapper();

    record Holder(Vin vin) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1M8GDM9AXKP042788", // the classic published example, check digit X
        "1HGCM82633A004352",
        "JHMCM56557C404453",
        "LSVAM4187C2184847",
        "11111111111111111",
        "AAAAAAAA1AAAAAAAA",
        "ZZZZZZZZ9ZZZZZZZZ"
    })
    void acceptsValidVins(String value) {
        assertThat(Vin.problem(value)).isEmpty();
        assertThat(Vin.of(value).value()).isEqualTo(value);
    }

    @Test
    void computesCheckDigit() {
        assertThat(Vin.checkDigit("1M8GDM9AXKP042788")).isEqualTo('X');
        assertThat(Vin.checkDigit("1HGCM82633A004352")).isEqualTo('3');
        assertThat(Vin.checkDigit("LSVAM4187C2184847")).isEqualTo('7');
    }

    @Test
    void checkDigitIgnoresPositionNine() {
        assertThat(Vin.checkDigit("1M8GDM9A0KP042788")).isEqualTo('X');
        assertThat(Vin.checkDigit("1M8GDM9A?KP042788")).isEqualTo('X');
        assertThat(Vin.checkDigit("1M8GDM9AIKP042788")).isEqualTo('X');
    }

    @Test
    void rejectsNull() {
        assertThat(Vin.problem(null)).contains("must be 17 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1M8GDM9AXKP04278", "1M8GDM9AXKP0427888"})
    void rejectsWrongLength(String value) {
        assertThat(Vin.problem(value)).contains("must be 17 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1M8GDM9AXKP04278I",
        "1M8GDM9AXKP04278O",
        "1M8GDM9AXKP04278Q",
        "1m8gdm9axkp042788", // lower case
        "1M8GDM9AXKP0427-8",
        "1M8GDM9AXKP04278\uFF18" // full-width digit eight
    })
    void rejectsCharactersOutsideTheAlphabet(String value) {
        assertThat(Vin.problem(value)).contains("must use only 0-9 and A-Z without I, O, Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1M8GDM9A1KP042788", "1M8GDM9A0KP042788", "1M8GDM9AAKP042788", "1HGCM82643A004352"})
    void rejectsWrongCheckDigit(String value) {
        assertThat(Vin.problem(value)).contains("check digit does not match");
    }

    @Test
    void constructorRefusesInvalidVinWithTheProblem() {
        assertThatThrownBy(() -> new Vin("1M8GDM9A1KP042788"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check digit does not match");
        assertThatThrownBy(() -> Vin.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be 17 characters");
    }

    @Test
    void checkDigitRefusesWrongInput() {
        assertThatThrownBy(() -> Vin.checkDigit("1M8GDM9AXKP04278")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vin.checkDigit("1M8GDM9AXKP04278Q")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vin.checkDigit(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsTheRawVin() {
        assertThat(Vin.of("1M8GDM9AXKP042788")).hasToString("1M8GDM9AXKP042788");
    }

    @Test
    void serialisesAsPlainJsonString() throws Exception {
        assertThat(mapper.writeValueAsString(Vin.of("1M8GDM9AXKP042788"))).isEqualTo("\"1M8GDM9AXKP042788\"");
        assertThat(mapper.writeValueAsString(new Holder(Vin.of("1M8GDM9AXKP042788"))))
                .isEqualTo("{\"vin\":\"1M8GDM9AXKP042788\"}");
    }

    @Test
    void deserialisesFromPlainJsonString() throws Exception {
        assertThat(mapper.readValue("\"1M8GDM9AXKP042788\"", Vin.class)).isEqualTo(Vin.of("1M8GDM9AXKP042788"));
        assertThat(mapper.readValue("{\"vin\":\"1M8GDM9AXKP042788\"}", Holder.class).vin())
                .isEqualTo(Vin.of("1M8GDM9AXKP042788"));
    }

    @Test
    void deserialisationRefusesInvalidVin() {
        assertThatThrownBy(() -> mapper.readValue("\"1M8GDM9A1KP042788\"", Vin.class))
                .isInstanceOf(JsonMappingException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("check digit does not match");
    }
}
