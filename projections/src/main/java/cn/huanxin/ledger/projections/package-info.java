/**
 * Read models of the ledger, one package each with its own tables and migration: {@code balance}
 * (double-entry postings), {@code fraud} (rules and alerts), {@code supervision} (full-chain trace,
 * completeness, plan targets) and {@code seal} (Merkle log and signed checkpoints). Projections
 * read ledger-core's public messages and the recorded metadata only — never aggregates, never the
 * wall clock — so a replay gives byte-identical views.
 */
package cn.huanxin.ledger.projections;
