package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.migrations.ConnectionPool;
import dev.locus.node.config.ClusterConfig;
import dev.locus.node.sip.SipServer;
import dev.locus.uacreg.Uacreg;
import dev.locus.uacreg.UacregConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/** The uacreg module in a node: trunk registrations on the node's stack, routed by the node's router. */
final class UacregAssembly {

    private static final Logger log = LoggerFactory.getLogger(UacregAssembly.class);

    private UacregAssembly() {
    }

    /** Nothing is sent before {@link Uacreg#start()}, which must follow the SIP stack's start. */
    static Optional<Uacreg> create(UacregConfig config, String nodeName, HazelcastInstance hazelcast, SipServer sip,
                                   Optional<ConnectionPool> database, String userAgent, InstantSource clock,
                                   IntSupplier clusterSize, Started started) {
        if (!config.enabled()) {
            log.info("uacreg off (no database, or uacreg.enabled=false): no trunk registrations, no uac.* RPC");
            return Optional.empty();
        }
        Uacreg uacreg = started.add(Uacreg.create(config, nodeName, hazelcast,
                new Uacreg.Stack(sip::provider, sip.messages(), sip.headers(), sip.addresses(), userAgent),
                database.orElseThrow().dataSource(), clock, Threads::named, clusterSize));
        sip.route(uacreg::nextHop);
        return Optional.of(uacreg);
    }

    /**
     * How many members the cluster is meant to have, as Hazelcast finds them: the listed {@code cluster.members}
     * (with this node), else the nodes the DMQ name lists now, else this node alone.
     */
    static IntSupplier clusterSize(ClusterConfig cluster, Optional<Dmq> dmq) {
        OptionalInt listed = cluster.expectedMembers();
        if (listed.isPresent()) {
            return listed::getAsInt;
        }
        return dmq.<IntSupplier>map(d -> d::clusterSize).orElse(() -> 1);
    }
}
