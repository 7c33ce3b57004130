package cn.huanxin.ledger.core.common;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void parsesYuanIntoFenExactly() {
        assertThat(Money.parse("1999.00").fen()).isEqualTo(199_900);
        assertThat(Money.parse("1999").fen()).isEqualTo(199_900);
        assertThat(Money.parse("0.01").fen()).isEqualTo(1);
        assertThat(Money.of(new BigDecimal("999.8")).fen()).isEqualTo(99_980);
    }

    @Test
    void rendersExactlyTwoFractionDigits() {
        assertThat(Money.ofFen(99_980)).hasToString("999.80");
        assertThat(Money.ofFen(-5)).hasToString("-0.05");
        assertThat(Money.ZERO).hasToString("0.00");
    }

    @Test
    void refusesThreeFractionDigitsInsteadOfRounding() {
        assertThatThrownBy(() -> Money.parse("1.005")).hasMessageContaining("two fraction digits");
    }

    @Test
    void refusesAmountsOutOfRange() {
        assertThatThrownBy(() -> Money.parse("1e30")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void renderingRoundTrips(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long fen) {
        Money money = Money.ofFen(fen);
        assertThat(Money.parse(money.toString())).isEqualTo(money);
    }
}
