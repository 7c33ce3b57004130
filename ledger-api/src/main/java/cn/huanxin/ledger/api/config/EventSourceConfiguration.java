package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.projections.seal.SealStore;
import cn.huanxin.ledger.projections.source.AxonEventSource;
import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.source.JdbcEventSource;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the ledger reads its stored events (the seal, verification, history, evidence and
 * investigations): on the JDBC store by the fast path on its event table, on Axon Server through
 * Axon's event store API, with the positions of events by id taken from the seal's leaves.
 */
@Configuration(proxyBeanMethods = false)
public class EventSourceConfiguration {

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    public EventSource jdbcEventSource(JdbcTemplate jdbc) {
        return new JdbcEventSource(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true", matchIfMissing = true)
    public EventSource axonEventSource(EventStore eventStore, @Qualifier("eventSerializer") Serializer serializer,
                                       JdbcTemplate jdbc) {
        SealStore seal = new SealStore(jdbc);
        return new AxonEventSource(eventStore, serializer, GlobalSequenceTrackingToken::new, seal::positionsOf);
    }
}
