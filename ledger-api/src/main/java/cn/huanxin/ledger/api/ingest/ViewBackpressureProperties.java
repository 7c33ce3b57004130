package cn.huanxin.ledger.api.ingest;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Back-pressure from the views on ingestion ({@code ledger.ingest.backpressure.*}): a chunk of
 * events waits before it is recorded while a live view is further behind the store than it can catch
 * up in {@code maxViewDelay}, or than {@code maxViewLag} events, so that every view stays within
 * seconds of what has been acknowledged.
 *
 * @param maxViewLag   how far (events) the slowest live view may fall behind before ingestion waits,
 *                     whatever its pace; 0 turns back-pressure off
 * @param maxWait      how long one chunk waits at most; then it is recorded all the same (a view
 *                     that cannot keep up must not stop the ledger), and a warning says which view
 * @param sampleEvery  how often the views' positions are sampled
 * @param maxViewDelay how long a live view may need, at the pace it has kept over the last seconds
 *                     while behind, to catch up with the store before ingestion waits; 0 leaves only
 *                     {@code maxViewLag}
 * @param minViewLag   a lag that never makes ingestion wait, however slow the view's pace: a view
 *                     just starting to work has no pace yet
 */
@Validated
@ConfigurationProperties("ledger.ingest.backpressure")
public record ViewBackpressureProperties(@DefaultValue("20000") @Min(0) long maxViewLag,
                                         @DefaultValue("30s") Duration maxWait,
                                         @DefaultValue("200ms") Duration sampleEvery,
                                         @DefaultValue("5s") Duration maxViewDelay,
                                         @DefaultValue("2000") @Min(0) long minViewLag) {
}
