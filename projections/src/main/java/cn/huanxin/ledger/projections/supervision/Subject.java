package cn.huanxin.ledger.projections.supervision;

/** What a trace is about: {@code kind} is the lower-case word of {@link TraceKind}, {@code ref} its identifier. */
public record Subject(String kind, String ref) {
}
