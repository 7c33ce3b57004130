package cn.huanxin.ledger.core.integrity;

import java.util.function.IntBinaryOperator;

/** The order of an object's members by name, for the encoders that write canonical JSON. */
final class MemberOrder {

    private MemberOrder() {
    }

    /**
     * The indexes of {@code count} members in order by name (an insertion sort: objects are small),
     * or {@code null} when two members have the same name — the tree path decides those, keeping the
     * last value.
     *
     * @param names compares the names of two members, given by index, as {@link String#compareTo}
     */
    static int[] byName(int count, IntBinaryOperator names) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            int at = i;
            while (at > 0) {
                int compared = names.applyAsInt(order[at - 1], i);
                if (compared == 0) {
                    return null;
                }
                if (compared < 0) {
                    break;
                }
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        return order;
    }
}
