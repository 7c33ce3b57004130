package cn.huanxin.ledger.api.access;

import cn.huanxin.ledger.api.ingest.EnvelopeReader;
import cn.huanxin.ledger.api.ingest.IngestService;
import cn.huanxin.ledger.api.ingest.Pseudonymizer;
import cn.huanxin.ledger.api.security.ClientRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/** Hooks the recording of sensitive reads in after the access policy (which runs first). */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

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
