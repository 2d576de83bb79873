package dev.locus.node.protect;

import dev.locus.dmq.DmqUri;
import dev.locus.node.config.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The sources never banned: the configured networks and the cluster itself (its Hazelcast members, its DMQ nodes,
 * this node's own addresses). Asked only when a ban is about to be made or taken, never per request, so the
 * cluster's member list may be read fresh each time.
 */
public final class TrustedSources implements Predicate<InetAddress> {

    private final List<Cidr> networks;
    private final Supplier<Set<String>> clusterHosts;

    /** @param clusterHosts the cluster's addresses, as {@link DmqUri#canonicalHost} spells them */
    public TrustedSources(List<Cidr> networks, Supplier<Set<String>> clusterHosts) {
        this.networks = List.copyOf(networks);
        this.clusterHosts = clusterHosts;
    }

    @Override
    public boolean test(InetAddress source) {
        for (Cidr network : networks) {
            if (network.contains(source)) {
                return true;
            }
        }
        return clusterHosts.get().contains(DmqUri.canonicalHost(source.getHostAddress()));
    }
}
