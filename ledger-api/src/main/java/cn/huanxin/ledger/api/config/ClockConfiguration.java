package cn.huanxin.ledger.api.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The one wall clock of the ledger. The edge reads it to stamp {@code recordedAt} and to refuse
 * times in the future; besides, only operational records read it — when a checkpoint was signed
 * (the seal, which is never replayed), when an evidence bundle was made, when an investigation ran.
 * Aggregates and the views use the times recorded in events, so a replay gives the same views.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
