package cn.huanxin.ledger.core.integrity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlainBytes#plainUntil} finds the first special byte exactly where a byte-by-byte loop does,
 * for texts mostly of plain ASCII with every byte value sprinkled in — the bytes either side of each
 * boundary (0x1f and 0x20, 0x7f and 0x80, the quote and backslash and their neighbours) among them —
 * at every offset and length, across the eight-byte words.
 */
class PlainBytesProperties {

    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<Byte> plain = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e)
                .filter(b -> b != '"' && b != '\\');
        Arbitrary<Byte> edges = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x1f, (byte) 0x20, (byte) 0x21,
                (byte) '"', (byte) 0x23, (byte) 0x5b, (byte) '\\', (byte) 0x5d, (byte) 0x7f, (byte) 0x80, (byte) 0xa0,
                (byte) 0xe4, (byte) 0xff);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(40, plain), net.jqwik.api.Tuple.of(2, edges),
                        net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(70).map(PlainBytesProperties::array);
    }

    private static byte[] array(List<Byte> bytes) {
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return array;
    }

    @Property(tries = 3000)
    void findsTheFirstSpecialByteAsALoopDoes(@ForAll("texts") byte[] text, @ForAll @IntRange(max = 70) int from,
                                              @ForAll @IntRange(max = 70) int length) {
        int start = Math.min(from, text.length);
        int limit = Math.min(text.length, start + length);
        assertThat(PlainBytes.plainUntil(text, start, limit)).isEqualTo(loop(text, start, limit));
    }

    private static int loop(byte[] text, int from, int limit) {
        for (int i = from; i < limit; i++) {
            int b = text[i] & 0xff;
            if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) {
                return i;
            }
        }
        return limit;
    }
}
