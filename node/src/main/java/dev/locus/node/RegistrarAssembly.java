package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.migrations.ConnectionPool;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.config.SocketSpec;
import dev.locus.node.sip.SipServer;
import dev.locus.registrar.AuthFailures;
import dev.locus.registrar.HtableReplication;
import dev.locus.registrar.Registrar;
import dev.locus.registrar.Htables;
import dev.locus.registrar.UsrlocReplication;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.InstantSource;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The registrar module in a node: REGISTER and usrloc on the node's stack and Hazelcast member. */
final class RegistrarAssembly {

    private RegistrarAssembly() {
    }

    static Registrar start(LocusConfig config, HazelcastInstance hazelcast, SipServer sip,
                           Optional<ConnectionPool> database, String server, InstantSource clock, MeterRegistry meters,
                           AuthFailures authFailures, Started started) {
        Registrar registrar = started.add(Registrar.start(config.registrar(), config.auth(), config.proxy(),
                database.map(ConnectionPool::dataSource), hazelcast,
                new Registrar.Stack(sip.messages(), sip.headers(), sip.addresses(), server, sip.sipProviders()),
                localHosts(config), DmqAssembly.memberAddresses(() -> hazelcast), config.usrloc().timerInterval(),
                clock, meters, Threads::named, authFailures));
        sip.route(registrar::nextHop);
        return registrar;
    }

    /**
     * usrloc to the Kamailio nodes of the DMQ cluster. One Locus node answers Kamailio's sync requests (the oldest
     * member); a node asks Kamailio for a sync only when it is the only member.
     */
    static UsrlocReplication replicate(Registrar registrar, Dmq dmq, HazelcastInstance hazelcast, int syncBatch) {
        return registrar.replicateOver(dmq.bus(), DmqAssembly.kamailioNodes(() -> hazelcast),
                DmqAssembly.memberAddresses(() -> hazelcast),
                () -> hazelcast.getCluster().getMembers().iterator().next().localMember(),
                () -> hazelcast.getCluster().getMembers().size() == 1, syncBatch);
    }

    /** htable to the Kamailio nodes of the DMQ cluster, with the same sync roles as usrloc. */
    static HtableReplication replicateHtables(Htables htables, Dmq dmq, HazelcastInstance hazelcast,
                                              InstantSource clock) {
        return Registrar.replicateHtables(htables, dmq.bus(), clock, DmqAssembly.kamailioNodes(() -> hazelcast),
                DmqAssembly.memberAddresses(() -> hazelcast),
                () -> hazelcast.getCluster().getMembers().iterator().next().localMember(),
                () -> hazelcast.getCluster().getMembers().size() == 1);
    }

    static Set<String> localHosts(LocusConfig config) {
        Set<String> hosts = new HashSet<>();
        for (SocketSpec s : config.sip().listen()) {
            hosts.add(s.host().toLowerCase(Locale.ROOT));
        }
        String advertised = advertisedHost(config);
        if (!advertised.isEmpty()) {
            hosts.add(advertised.toLowerCase(Locale.ROOT));
        }
        return hosts;
    }

    /** The host of {@code sip.advertised_address} (no port, no brackets), empty when none is set. */
    static String advertisedHost(LocusConfig config) {
        String advertised = config.sip().advertisedAddress();
        if (advertised.isBlank()) {
            return "";
        }
        int colon = advertised.lastIndexOf(':');
        return (colon > 0 && !advertised.endsWith("]") ? advertised.substring(0, colon) : advertised)
                .replace("[", "").replace("]", "");
    }
}
