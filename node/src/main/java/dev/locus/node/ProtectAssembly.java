package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.config.SocketSpec;
import dev.locus.node.protect.Protection;
import dev.locus.node.protect.TrustedSources;
import dev.locus.registrar.Htables;

import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The protection in a node, when {@code protect.enabled}: bans read by the SIP sockets, failures told by auth. */
final class ProtectAssembly {

    private ProtectAssembly() {
    }

    static Optional<Protection> create(LocusConfig config, Htables htables, HazelcastInstance hazelcast,
                                       Optional<Dmq> dmq, InstantSource clock, Started started) {
        if (!config.protect().enabled()) {
            return Optional.empty();
        }
        Set<String> own = new HashSet<>();
        config.sip().listen().stream().map(SocketSpec::host).map(DmqUri::canonicalHost).forEach(own::add);
        TrustedSources trusted = new TrustedSources(config.protect().trusted(), () -> {
            Set<String> hosts = new HashSet<>(own);
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().getMembers().forEach(m -> hosts.add(DmqUri.canonicalHost(m.getAddress().getHost())));
            }
            dmq.ifPresent(d -> d.nodes().stream().map(DmqNode::resolvedIp).map(DmqUri::canonicalHost).forEach(hosts::add));
            return hosts;
        });
        return Optional.of(started.add(Protection.start(config.protect(), htables, trusted, clock,
                Threads.named("locus-protect"))));
    }
}
