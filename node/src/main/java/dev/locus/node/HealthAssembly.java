package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.migrations.ConnectionPool;
import dev.locus.node.health.Check;
import dev.locus.node.health.DatabaseProbe;
import dev.locus.node.health.Probe;
import dev.locus.node.health.Readiness;
import dev.locus.node.sip.SipServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * {@code /health/ready}'s conditions: SIP served, the Hazelcast member running in a cluster of at least the
 * quorum ({@code uacreg.quorum}, or a majority of the expected members), DMQ peers known when DMQ is on and the
 * discovery name lists others, the database answering when one is configured.
 */
final class HealthAssembly {

    private HealthAssembly() {
    }

    static Readiness readiness(SipServer sip, HazelcastInstance hazelcast, IntSupplier quorum, Optional<Dmq> dmq,
                               Optional<ConnectionPool> database, Started started) {
        List<Probe> probes = new ArrayList<>();
        probes.add(() -> sip.serving() ? Check.ok("sip", "sockets open")
                : Check.failing("sip", "SIP sockets not open (starting or stopping)"));
        probes.add(() -> {
            if (!hazelcast.getLifecycleService().isRunning()) {
                return Check.failing("cluster", "Hazelcast member not running");
            }
            int members = hazelcast.getCluster().getMembers().size();
            int needed = quorum.getAsInt();
            String detail = members + " member(s), quorum " + needed;
            return members >= needed ? Check.ok("cluster", detail) : Check.failing("cluster", detail);
        });
        dmq.ifPresent(d -> probes.add(() -> {
            // A seed is listed before it ever answered: a peer counts once it is active.
            long known = d.nodes().stream().filter(n -> !n.local() && n.isActive()).count();
            int listed = d.clusterSize() - 1;
            String detail = known + " active peer(s), " + listed + " other(s) in the discovery name";
            return known > 0 || listed == 0 ? Check.ok("dmq", detail) : Check.failing("dmq", detail);
        }));
        database.ifPresent(pool -> {
            ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("locus-health-db"));
            started.add(thread::shutdownNow);
            probes.add(new DatabaseProbe(pool.dataSource(), thread));
        });
        return new Readiness(probes);
    }
}
