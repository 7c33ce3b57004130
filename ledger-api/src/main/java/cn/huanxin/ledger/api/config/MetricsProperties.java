package cn.huanxin.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The operators' gauges that need the database ({@code ledger.metrics.*}): each view's lag, the
 * seal's lag and its checkpoint's age are sampled in the background at this interval, so that a
 * scrape only reads the last sample and never waits on the database.
 *
 * @param sampleEvery how often those gauges are sampled
 */
@ConfigurationProperties("ledger.metrics")
public record MetricsProperties(@DefaultValue("5s") Duration sampleEvery) {

    public MetricsProperties {
        if (sampleEvery.isNegative() || sampleEvery.toMillis() < 100) {
            throw new IllegalArgumentException("ledger.metrics.sample-every must be at least 100ms, not " + sampleEvery);
        }
    }
}
