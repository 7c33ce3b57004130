package cn.huanxin.ledger.api.investigation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Limits of the discipline office's investigations ({@code ledger.investigations.*}). Every
 * investigation reads the whole event table and keeps a scratch database on disk, so how many run
 * at once, and how many may wait, is bounded; a request beyond that is answered 503.
 *
 * @param concurrency       investigations running at once
 * @param queue             investigations accepted and waiting for a free runner
 * @param pageSize          events read from the event table per keyset page, decided as one batch of the
 *                          fraud engine in one scratch transaction
 * @param scratchDirectory  where each run's scratch database lives while it runs; {@code null} means
 *                          {@code ${ledger.data-dir}/investigations}
 * @param staleAfter        an investigation whose runner has not been heard of for this long is
 *                          taken to have died with its process and is marked FAILED
 * @param retryAfterSeconds the {@code Retry-After} of a 503 when the queue is full
 * @param ruleThreads       on PostgreSQL, threads on which one run's rules decide a page at once, each
 *                          on a connection of its own from the pool (1: on the run's thread only); the
 *                          embedded H2 scratch file always uses one
 * @param rowsHeld          entries each rule's table keeps in memory from page to page at most (a key
 *                          known, or a row not yet written, is one): the scratch tables get only what
 *                          exceeds it, least recently used first (0: every row is written after each page)
 * @param writesHeld        on PostgreSQL, the rows the rules insert that a run holds in memory, as
 *                          {@code COPY} text, until a statement needs them: at most this much between pages,
 *                          the rest is written, tables with the most held first; what is held at the end
 *                          is never written (0: every row is written with its page)
 */
@Validated
@ConfigurationProperties("ledger.investigations")
public record InvestigationProperties(
        @DefaultValue("1") @Min(1) @Max(16) int concurrency,
        @DefaultValue("4") @Min(0) @Max(1000) int queue,
        @DefaultValue("20000") @Min(1) @Max(50000) int pageSize,
        Path scratchDirectory,
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("30") @Min(1) int retryAfterSeconds,
        @DefaultValue("2") @Min(1) @Max(8) int ruleThreads,
        @DefaultValue("0") @Min(0) long rowsHeld,
        @DefaultValue("96MB") DataSize writesHeld) {

    public InvestigationProperties {
        if (writesHeld.isNegative()) {
            throw new IllegalArgumentException("ledger.investigations.writes-held must not be negative: " + writesHeld);
        }
    }

    /** How often a runner tells the database that its investigations are alive. */
    Duration heartbeat() {
        return staleAfter.dividedBy(6).isZero() ? Duration.ofSeconds(1) : staleAfter.dividedBy(6);
    }
}
