package cn.huanxin.ledger.api.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How several ledger nodes on one database share the views ({@code ledger.cluster.*}). One node
 * alone uses the same settings: it is a cluster of one.
 *
 * @param nodeId          this node's name in the token store and the node table; blank for Axon's
 *                        default, {@code pid@host}, which differs between processes and machines.
 *                        Two running nodes must never share a name (each would take the other's
 *                        claims for its own)
 * @param claimTimeout    how long a segment's claim holds without being renewed: a node that died
 *                        holding a segment loses it this long after its last renewal, and another
 *                        node then takes it over (Axon's token claim timeout; a live node renews
 *                        its claims about every 5 s, so this must stay well above that)
 * @param heartbeat       how often a node says it is alive, follows rebuild requests, balances
 *                        segments and restarts processors left stopped
 * @param handoverTimeout how long a rebuild waits for the other nodes to stop the view's processor
 *                        and release its segments before it gives up (and every node goes on as
 *                        before)
 */
@ConfigurationProperties("ledger.cluster")
public record ClusterProperties(@DefaultValue("") String nodeId,
                                @DefaultValue("10s") Duration claimTimeout,
                                @DefaultValue("1s") Duration heartbeat,
                                @DefaultValue("30s") Duration handoverTimeout) {

    public ClusterProperties {
        if (claimTimeout.toMillis() < 6_000) {
            throw new IllegalArgumentException("ledger.cluster.claim-timeout must be at least 6s (a live node renews "
                    + "its claims at least every 5s, ledger.views.idle-token-interval-ms), not " + claimTimeout);
        }
        if (heartbeat.toMillis() < 100 || heartbeat.compareTo(claimTimeout.dividedBy(3)) > 0) {
            throw new IllegalArgumentException("ledger.cluster.heartbeat must be at least 100ms and at most a third "
                    + "of the claim timeout, not " + heartbeat);
        }
        if (handoverTimeout.compareTo(claimTimeout) <= 0) {
            throw new IllegalArgumentException("ledger.cluster.handover-timeout must be longer than the claim "
                    + "timeout (a dead node's claims must be able to expire within it), not " + handoverTimeout);
        }
        if (nodeId.length() > 255) {
            throw new IllegalArgumentException("ledger.cluster.node-id must be at most 255 characters");
        }
    }

    /** This node's name: the configured one, or {@code pid@host}. */
    public String node() {
        return nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId.strip();
    }

    /** A node is live while its heartbeat is younger than the claim timeout. */
    Duration nodeTimeout() {
        return claimTimeout;
    }
}
