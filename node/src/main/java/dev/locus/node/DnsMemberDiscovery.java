package dev.locus.node;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hazelcast member discovery fed by the same DNS name as DMQ: every address the name resolves to is tried as a
 * member at the cluster port (a Kamailio address simply never answers there). Asked at join and again by
 * Hazelcast's split-brain search, so it always sees DNS as it is now.
 */
final class DnsMemberDiscovery implements DiscoveryStrategyFactory {

    private final Supplier<List<String>> hosts;
    private final int port;

    DnsMemberDiscovery(Supplier<List<String>> hosts, int port) {
        this.hosts = hosts;
        this.port = port;
    }

    @Override
    public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
        return Strategy.class;
    }

    @Override
    public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
                                                 Map<String, Comparable> properties) {
        return new Strategy(logger, properties, hosts, port);
    }

    @Override
    public Collection<PropertyDefinition> getConfigurationProperties() {
        return List.of();
    }

    static final class Strategy extends AbstractDiscoveryStrategy {

        private final Supplier<List<String>> hosts;
        private final int port;

        Strategy(ILogger logger, Map<String, Comparable> properties, Supplier<List<String>> hosts, int port) {
            super(logger, properties);
            this.hosts = hosts;
            this.port = port;
        }

        @Override
        public Iterable<DiscoveryNode> discoverNodes() {
            List<DiscoveryNode> nodes = new ArrayList<>();
            for (String host : hosts.get()) {
                try {
                    nodes.add(new SimpleDiscoveryNode(new Address(host.replace("[", "").replace("]", ""), port)));
                } catch (UnknownHostException e) {
                    getLogger().fine("skipping unresolvable member address " + host);
                }
            }
            return nodes;
        }
    }
}
