package cn.huanxin.ledger.core.integrity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where plain JSON text ends: the first byte that is a quote, a backslash, a control character
 * (below 0x20) or not ASCII (0x80 and above). Stored JSON is read this way, eight bytes at a time,
 * wherever its strings are copied without a parser ({@link RawPayload}, the metadata of stored events).
 */
public final class PlainBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long SPACES = 0x2020202020202020L;

    private PlainBytes() {
    }

    /**
     * The index of the first byte from {@code from} (inclusive) to {@code limit} (exclusive) that is
     * {@code "}, {@code \}, below 0x20 or from 0x80, or {@code limit} when there is none.
     */
    public static int plainUntil(byte[] bytes, int from, int limit) {
        int i = from;
        // Eight bytes at a time: a word none of whose bytes can be special is passed over whole. The
        // tests may flag a clean word (a borrow out of a byte below 0x20), never miss a special one;
        // the byte loop then decides exactly.
        while (i + Long.BYTES <= limit) {
            long word = (long) LONGS.get(bytes, i);
            long quote = word ^ QUOTES;
            long backslash = word ^ BACKSLASHES;
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (word - SPACES) | word;
            if ((special & HIGHS) != 0) {
                break;
            }
            i += Long.BYTES;
        }
        for (; i < limit; i++) {
            int b = bytes[i] & 0xff;
            if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) {
                return i;
            }
        }
        return limit;
    }
}
