package cn.huanxin.ledger.api.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The one wall clock of the ledger. Only the edge reads it — to stamp {@code recordedAt} and to
 * refuse times in the future; aggregates and projections use the times recorded in events.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
