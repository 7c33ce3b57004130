package cn.huanxin.ledger.api.access;

import cn.huanxin.ledger.api.ingest.EnvelopeReader;
import cn.huanxin.ledger.api.ingest.IngestService;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.Pseudonymizer;
import cn.huanxin.ledger.projections.access.AccessLogProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/**
 * The access log: its view, wired like every view, and the recording of sensitive reads, hooked in
 * after the access policy (which runs first).
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLogProjection accessLogProjection(JdbcTemplate jdbc) {
        return new AccessLogProjection(jdbc);
    }

    @Bean
    WebMvcConfigurer sensitiveReadRecording(IngestService ingest, EnvelopeReader envelopes, ClientRegistry clients,
                                            Pseudonymizer pseudonymizer, Clock clock) {
        SensitiveReads reads = new SensitiveReads(ingest, envelopes, clients, pseudonymizer, clock);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(reads).order(Ordered.LOWEST_PRECEDENCE);
            }
        };
    }
}
