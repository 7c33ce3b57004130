package cn.huanxin.ledger.api.fraud;

/**
 * Published when a batch of the fraud view finds that a rebuild was interrupted part way through a
 * batch decided on several connections (docs/fraud-rules.md, "A rebuild on several connections"): the
 * view's tables no longer match its token, and it must be rebuilt from the start.
 */
public record FraudRebuildInterrupted() {
}
