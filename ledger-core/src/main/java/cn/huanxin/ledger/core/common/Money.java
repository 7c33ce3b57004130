package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of Chinese yuan held as integer fen (分). Money never passes through a binary
 * floating point number: it is parsed from a decimal with at most two fraction digits and rendered
 * as a decimal string with exactly two, which is also its JSON form in stored events.
 */
public record Money(long fen) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    /** Upper bound of a single amount: 10^15 yuan keeps every sum of a year far from overflow. */
    public static final long MAX_FEN = 100_000_000_000_000_000L;

    public Money {
        if (fen > MAX_FEN || fen < -MAX_FEN) {
            throw new IllegalArgumentException("amount is out of range");
        }
    }

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /**
     * Parses a decimal yuan amount. Refuses more than two fraction digits instead of rounding: an
     * amount the source system did not mean must not be recorded.
     */
    @JsonCreator
    public static Money parse(String yuan) {
        if (yuan == null) {
            throw new IllegalArgumentException("amount is missing");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(yuan.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a decimal amount in yuan");
        }
        return of(value);
    }

    /** For configuration binding: {@code "2000"} or {@code "2000.00"} in yuan. */
    public static Money valueOf(String yuan) {
        return parse(yuan);
    }

    public static Money of(BigDecimal yuan) {
        BigDecimal stripped = yuan.stripTrailingZeros();
        if (stripped.scale() > 2) {
            throw new IllegalArgumentException("must have at most two fraction digits");
        }
        if (yuan.abs().compareTo(BigDecimal.valueOf(MAX_FEN / 100)) > 0) {
            throw new IllegalArgumentException("amount is out of range");
        }
        return new Money(yuan.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    }

    public BigDecimal toYuan() {
        return BigDecimal.valueOf(fen, 2);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money negate() {
        return new Money(-fen);
    }

    public boolean isPositive() {
        return fen > 0;
    }

    public boolean isNegative() {
        return fen < 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    /** The decimal string with exactly two fraction digits, e.g. {@code "1999.00"}. */
    @JsonValue
    @Override
    public String toString() {
        return toYuan().toPlainString();
    }
}
