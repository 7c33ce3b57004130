package cn.huanxin.ledger.api.fraud;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the fraud engine itself ({@code ledger.fraud.*}), as opposed to the rules' parameters
 * ({@code ledger.rules.*}).
 *
 * @param evidenceBound N of docs/fraud-rules.md: an alert keeps all its evidence events up to 2N, past
 *                      that its first N and its latest N, and counts all of them; the live view and
 *                      every investigation use the same N
 * @param memoryBound   rows each rule keeps from one batch to the next at most (docs/fraud-rules.md,
 *                      "What the engine keeps between batches"): R22's price cells, R24's merchant days;
 *                      0 keeps nothing and reads everything every batch. The live view and each running
 *                      investigation keep their own.
 * @param readThreads   threads on which the live view's rules read their state for a batch in parallel,
 *                      each on a database connection of its own while it reads; 0 reads on the
 *                      processor's thread, one rule after the other
 * @param rebuildThreads threads on which a rebuild of the live view decides each batch on PostgreSQL
 *                      (docs/fraud-rules.md, "A rebuild on several connections"): the processor's, and one
 *                      more for each further thread, each with a connection of its own for its share of
 *                      the batch; 1 decides on the processor's thread alone. The embedded database always
 *                      decides on the processor's thread.
 */
@Validated
@ConfigurationProperties("ledger.fraud")
public record FraudProperties(@DefaultValue("100") @Min(1) int evidenceBound,
                              @DefaultValue("500000") @Min(0) long memoryBound,
                              @DefaultValue("2") @Min(0) int readThreads,
                              @DefaultValue("2") @Min(1) int rebuildThreads) {
}
