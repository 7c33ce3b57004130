package cn.huanxin.ledger.api.cluster;

import cn.huanxin.ledger.projections.source.EventSource;
import cn.huanxin.ledger.projections.support.DeferredIndexes;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/**
 * Several nodes on one database as one ledger (docs/operations.md, "Several nodes"). The token
 * store is Axon's JDBC store, built here rather than by Axon's auto-configuration so that the
 * claims carry this node's name and the configured claim timeout.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    public TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema,
                                 ClusterProperties properties) {
        return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).schema(schema)
                .nodeId(properties.node()).claimTimeout(properties.claimTimeout()).build();
    }

    @Bean
    NodeRegistry nodeRegistry(JdbcTemplate jdbc, Clock clock, ClusterProperties properties) {
        return new NodeRegistry(jdbc, clock, properties.node(), properties.nodeTimeout().toMillis());
    }

    @Bean
    TokenTable tokenTable(JdbcTemplate jdbc, Serializer serializer, Clock clock, ClusterProperties properties) {
        return new TokenTable(jdbc, serializer, clock, properties.claimTimeout().toMillis());
    }

    @Bean
    ClusterStatus clusterStatus(EventProcessingConfiguration processing, TokenTable tokens, NodeRegistry nodes,
                                EventSource events, JdbcTemplate jdbc, List<DeferredIndexes> deferredIndexes) {
        return new ClusterStatus(processing, tokens, nodes, events, jdbc, deferredIndexes);
    }

    @Bean
    DeferredIndexBuilder deferredIndexBuilder(ClusterStatus status, JdbcTemplate jdbc, ClusterProperties properties) {
        return new DeferredIndexBuilder(status, jdbc, properties.heartbeat().toMillis());
    }

    @Bean
    ProcessorHolds processorHolds() {
        return new ProcessorHolds();
    }

    @Bean
    ProjectionRebuilds projectionRebuilds(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                          TransactionTemplate transactions, Clock clock, TokenTable tokens,
                                          NodeRegistry nodes, ProcessorHolds holds, ClusterProperties properties) {
        return new ProjectionRebuilds(processing, new RebuildRequests(jdbc, transactions, clock), tokens, nodes, holds,
                properties.handoverTimeout());
    }

    @Bean
    ClusterCoordinator clusterCoordinator(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                          TransactionTemplate transactions, Clock clock, NodeRegistry nodes,
                                          TokenTable tokens, ProjectionRebuilds rebuilds, ProcessorHolds holds,
                                          ClusterProperties properties) {
        return new ClusterCoordinator(processing, nodes, tokens, new RebuildRequests(jdbc, transactions, clock),
                rebuilds, holds, properties.heartbeat().toMillis());
    }
}
