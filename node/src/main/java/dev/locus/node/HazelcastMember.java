package dev.locus.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleListener;
import dev.locus.node.config.ClusterConfig;
import dev.locus.node.config.UsrlocConfig;
import dev.locus.registrar.Registrar;
import dev.locus.uacreg.Uacreg;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds this node's Hazelcast member. The member port speaks the member protocol only: with the advanced network
 * configuration and no client endpoint, a Hazelcast client (which in the community edition needs nothing but the
 * cluster name) is refused, so it cannot read bindings or trunk rows. Failure detection and split-brain merging run on seconds, not
 * Hazelcast's minutes (60 s to drop a member, 300 s to the first merge), because a registrar must move an AOR's
 * ownership well inside one registration interval.
 */
final class HazelcastMember {

    private HazelcastMember() {
    }

    /**
     * @param discovered hosts from the DMQ discovery name, when DMQ is on and no static members are configured: the
     *                   members are then found through DNS too
     * @param watch      told of the member's lifecycle from its start
     */
    static HazelcastInstance start(String instanceName, ClusterConfig cluster, UsrlocConfig usrloc,
                                   Duration nonceLifetime, Optional<Supplier<List<String>>> discovered,
                                   LifecycleListener watch) {
        Config config = new Config();
        config.addListenerConfig(new ListenerConfig(watch));
        config.setInstanceName(instanceName);
        config.setClusterName(cluster.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        config.setProperty("hazelcast.local.localAddress", cluster.bindAddress());
        config.setProperty("hazelcast.socket.bind.any", "false");
        if (cluster.bindAddress().indexOf(':') >= 0) {
            // Hazelcast ignores IPv6 addresses unless told not to prefer the IPv4 stack.
            config.setProperty("hazelcast.prefer.ipv4.stack", "false");
        }
        config.getJetConfig().setEnabled(false);

        // No client, REST or memcache endpoint: those protocols are not served at all.
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
                .setPort(cluster.port()).setPortAutoIncrement(false));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.members().isEmpty() && discovered.isPresent()) {
            config.setProperty("hazelcast.discovery.enabled", "true");
            config.setProperty("hazelcast.wait.seconds.before.join", "1");
            config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
            join.getTcpIpConfig().setEnabled(false);
            join.getDiscoveryConfig().addDiscoveryStrategyConfig(
                    new DiscoveryStrategyConfig(new DnsMemberDiscovery(discovered.get(), cluster.port())));
        } else {
            // With no other member named, no join is attempted at all, so a single node starts at once.
            join.getTcpIpConfig().setEnabled(!cluster.members().isEmpty()).setMembers(cluster.members());
        }

        Registrar.configure(config, usrloc.backupCount(), nonceLifetime);
        Uacreg.configure(config, usrloc.backupCount());
        return Hazelcast.newHazelcastInstance(config);
    }
}
