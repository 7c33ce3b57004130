package cn.huanxin.ledger.api.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizerTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);

    @Test
    void refIsLowerCaseHexHmacSha256OfTheValue() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("11010519491231002X".getBytes(StandardCharsets.UTF_8)));
        assertThat(pseudonymizer.idNumber("11010519491231002X").value()).isEqualTo(expected);
    }

    @Test
    void lowerCaseCheckCharacterIsTheSamePerson() {
        assertThat(pseudonymizer.idNumber("11010519491231002x")).isEqualTo(pseudonymizer.idNumber("11010519491231002X"));
    }

    @Test
    void addressTypedTwoWaysGetsOneRef() {
        assertThat(pseudonymizer.deliveryAddress(" 淮安市清江浦区 健康西路１２８号\u3000"))
                .isEqualTo(pseudonymizer.deliveryAddress("淮安市清江浦区健康西路128号"));
    }

    @Test
    void accountWithSpacesIsTheSameAccount() {
        assertThat(pseudonymizer.payeeAccount("6222 0212 3456 7890"))
                .isEqualTo(pseudonymizer.payeeAccount("6222021234567890"));
    }

    @Test
    void anotherKeyGivesAnotherRef() {
        byte[] other = KEY.clone();
        other[0] = 1;
        assertThat(new Pseudonymizer(other).idNumber("11010519491231002X"))
                .isNotEqualTo(pseudonymizer.idNumber("11010519491231002X"));
    }

    @Test
    void refusesShortKeys() {
        assertThatThrownBy(() -> new Pseudonymizer(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
