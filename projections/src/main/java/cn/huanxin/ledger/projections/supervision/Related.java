package cn.huanxin.ledger.projections.supervision;

/**
 * Something connected to the traced subject: {@code kind} is a {@link TraceKind} word (or
 * {@code region}, {@code equipment}), {@code ref} its identifier, {@code relation} how it is
 * connected (docs/supervision.md lists the words: {@code fund}, {@code beneficiary},
 * {@code merchant}, {@code old-item}, {@code recycler}, …).
 */
public record Related(String kind, String ref, String relation) {
}
