package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.policy.PolicyTable;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a rule may use: its tables, the policy and region tables, event-time "now", the evidence
 * bound, and raising.
 */
public interface RuleContext {

    JdbcTemplate jdbc();

    PolicyTable policy();

    RegionTable regions();

    /** The largest occurredAt seen so far (including the event being handled). */
    Instant now();

    /** The Asia/Shanghai business day of {@link #now()}. */
    LocalDate today();

    /**
     * N of docs/fraud-rules.md: the store keeps an alert's first N and latest N evidence events and
     * counts all of them, so a rule with long evidence need list no more than that ({@link AlertDraft}).
     */
    int evidenceBound();

    /** Raises the alert, or adds the draft's evidence to the existing alert with the same id. */
    void raise(AlertDraft draft);
}
