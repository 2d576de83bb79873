package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.dmq.DmqConfig;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NotInClusterNameException;
import dev.locus.node.config.ConfigException;
import dev.locus.node.config.DmqSettings;
import dev.locus.node.sip.SipServer;

import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The DMQ module in a node: the bus on the node's DMQ socket, when {@code dmq.notification_address} is set. */
final class DmqAssembly {

    private DmqAssembly() {
    }

    /**
     * @param leave what the node does when it finds itself removed from the discovery name: it hands its share
     *              of the bindings to the others and stops taking registrations
     */
    static Optional<Dmq> create(DmqSettings settings, SipServer sip, String userAgent, Runnable leave,
                                InstantSource clock, Started started) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        DmqConfig config = new DmqConfig(settings.localUri(), settings.seeds(), settings.dnsServer(),
                settings.pingInterval(), settings.dnsHold(), settings.requestTimeout(), settings.workers(), settings.window());
        Dmq.Stack stack = new Dmq.Stack(sip.dmqProvider().orElseThrow(), sip.messages(), sip.headers(),
                sip.addresses(), userAgent);
        try {
            return Optional.of(started.add(Dmq.create(config, stack, leave, Threads::named, clock)));
        } catch (NotInClusterNameException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** A node of the DMQ list that is not a member of this node's Hazelcast cluster is a Kamailio node. */
    static Predicate<DmqNode> kamailioNodes(Supplier<HazelcastInstance> hazelcast) {
        return node -> !memberHosts(hazelcast.get()).contains(node.resolvedIp());
    }

    /** A KDMQ source address that is a Hazelcast member's is a Locus node's. */
    static Predicate<String> memberAddresses(Supplier<HazelcastInstance> hazelcast) {
        return ip -> memberHosts(hazelcast.get()).contains(ip);
    }

    private static Set<String> memberHosts(HazelcastInstance hazelcast) {
        Set<String> hosts = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> hosts.add(DmqUri.canonicalHost(m.getAddress().getHost())));
        return hosts;
    }
}
