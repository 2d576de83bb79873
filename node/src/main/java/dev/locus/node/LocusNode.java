package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.migrations.ConnectionPool;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.rpc.RpcServer;
import dev.locus.node.sip.KdmqEndpoint;
import dev.locus.node.health.Readiness;
import dev.locus.node.sip.SipCounters;
import dev.locus.node.sip.SipDispatcher;
import dev.locus.node.protect.Protection;
import dev.locus.node.sip.SipServer;
import dev.locus.node.sip.SourceScreen;
import dev.locus.node.sip.TrunkEndpoint;
import dev.locus.node.sip.uac.UacSender;
import dev.locus.registrar.AuthFailures;
import dev.locus.registrar.Registrar;
import dev.locus.registrar.HtableLoader;
import dev.locus.registrar.HtableReplication;
import dev.locus.registrar.Htables;
import dev.locus.registrar.UsrlocReplication;
import dev.locus.uacreg.Uacreg;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One Locus node: the one place where the modules are assembled, each by its own small factory, in dependency
 * order; they stop in the reverse order.
 */
public final class LocusNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocusNode.class);

    private final Started started = new Started();
    private final MemberWatch memberWatch = new MemberWatch();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InetSocketAddress rpcAddress;
    private final String name;

    private LocusNode(LocusConfig config, InstantSource clock, Runnable failed) {
        this.name = config.nodeName();
        try {
            log.info("starting Locus node {} {}", name, version());
            log.info("configuration: {}", config.describe());
            Instant startedAt = clock.instant();
            String userAgent = "Locus " + version();
            String unique = "locus-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
            PrometheusMeterRegistry meters = MetricsAssembly.registry(started);

            Optional<ConnectionPool> database = DatabaseAssembly.open(config.database(), started);
            SipServer sip = started.add(new SipServer(unique, config.sip(),
                    config.dmq().enabled() ? Optional.of(config.dmq().listen()) : Optional.empty(), meters));
            // Removed from the discovery name: hand this node's share of the bindings to the others (a graceful
            // Hazelcast leave, no binding lost) and stop taking registrations.
            AtomicReference<HazelcastInstance> member = new AtomicReference<>();
            Optional<Dmq> dmq = DmqAssembly.create(config.dmq(), sip, userAgent,
                    () -> Threads.runOnce("locus-leave", () -> {
                        memberWatch.expectEnd();
                        member.get().getLifecycleService().shutdown();
                    }), clock, started);
            HazelcastInstance hazelcast = HazelcastMember.start(unique, config.cluster(), config.usrloc(),
                    config.auth().nonceExpires(),
                    dmq.map(d -> (Supplier<List<String>>) d::candidateHosts), memberWatch);
            member.set(hazelcast);
            started.add(hazelcast::shutdown);

            Htables htables = Registrar.htables(config.htable().tables(), hazelcast, clock);
            // Before SIP starts, as Kamailio loads in mod_init; the first member of a cluster loads, the others keep.
            Optional<HtableLoader> htableDatabase = database.map(pool -> Registrar.htableLoader(htables,
                    pool.dataSource(), config.htable().dbExpires(), clock));
            htableDatabase.ifPresent(HtableLoader::loadAtStart);
            Optional<Protection> protection = ProtectAssembly.create(config, htables, hazelcast, dmq, clock, started);
            Registrar registrar = RegistrarAssembly.start(config, hazelcast, sip, database, userAgent, clock, meters,
                    protection.<AuthFailures>map(p -> p).orElse(AuthFailures.NONE), started);
            Optional<UsrlocReplication> replication = dmq.map(d ->
                    RegistrarAssembly.replicate(registrar, d, hazelcast, config.dmq().syncBatch()));
            Optional<HtableReplication> htableReplication = dmq.map(d ->
                    RegistrarAssembly.replicateHtables(htables, d, hazelcast, clock));
            Optional<Uacreg> uacreg = UacregAssembly.create(config.uacreg(), name, hazelcast, sip, database, userAgent,
                    clock, UacregAssembly.clusterSize(config.cluster(), dmq), started);
            UacSender uac = TmAssembly.create(config, sip, userAgent, started);
            // Stopped again here, idempotently, so that no request arrives once the modules behind it are gone.
            started.add(sip);

            FunctionCounter.builder(SipServer.UDP_DROPPED, sip, SipServer::udpDropped).tag("reason", "queue_full")
                    .description("UDP datagrams dropped on receipt").register(meters);
            FunctionCounter.builder(SipServer.UDP_DROPPED, sip, SipServer::udpNotSip).tag("reason", "not_sip")
                    .description("UDP datagrams dropped on receipt").register(meters);
            SourceScreen screen = protection.<SourceScreen>map(p -> p).orElse(SourceScreen.OPEN);
            sip.screen(screen);
            SipCounters sipCounters = new SipCounters(meters);
            SipDispatcher dispatcher = new SipDispatcher(registrar, dmq.map(KdmqEndpoint::of).orElse(KdmqEndpoint.NONE),
                    uacreg.map(TrunkEndpoint::of).orElse(TrunkEndpoint.NONE), screen, sipCounters);
            MetricsAssembly.hazelcast(hazelcast, meters);
            IntSupplier expected = UacregAssembly.clusterSize(config.cluster(), dmq);
            Readiness readiness = HealthAssembly.readiness(sip, hazelcast,
                    () -> config.uacreg().quorumOf(expected.getAsInt()), dmq, database, started);
            RpcServer rpc = RpcAssembly.start(config, new RpcAssembly.Modules(registrar, dmq, replication,
                    htableReplication, uacreg, htables, htableDatabase, hazelcast, meters, sip.tcpConnections(), uac,
                    protection),
                    new RpcAssembly.Observed(meters::scrape, readiness::report), version(), startedAt, clock, started);
            rpcAddress = rpc.address();

            sip.start(dispatcher);
            uacreg.ifPresent(Uacreg::start);
            dmq.ifPresent(d -> {
                d.start();
                started.add(d::leave);
                log.info("DMQ on {} seeded with {}", config.dmq().localUri(), config.dmq().seeds());
            });
            log.info("node {} serving SIP on {}, JSON-RPC on http://{}:{}/RPC", name, config.sip().listen(),
                    rpcAddress.getHostString(), rpcAddress.getPort());
            log.info("cluster {}: {} member(s)", config.cluster().name(), hazelcast.getCluster().getMembers().size());
            // Restarting the member in place would mean rebuilding every module on its maps (bindings, nonces,
            // trunks) while SIP and RPC keep arriving; a supervisor restarting the whole process does that cleanly.
            memberWatch.onLost(() -> {
                log.error("the Hazelcast member of node {} ended without the node stopping it ({}): stopping the "
                        + "node rather than serve without it; restart it", name, memberWatch.lostIn());
                close();
                failed.run();
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a node; on a failure part-way, whatever was started is stopped again. */
    public static LocusNode start(LocusConfig config, InstantSource clock) {
        return start(config, clock, () -> {
        });
    }

    /**
     * @param failed run once the node has stopped itself because it cannot serve any more (its Hazelcast member
     *               ended without it asking): the process should exit with a failure, for its supervisor to
     *               restart it
     */
    public static LocusNode start(LocusConfig config, InstantSource clock, Runnable failed) {
        AsyncPool.warnIfThreadPerTask();
        return new LocusNode(config, clock, failed);
    }

    public InetSocketAddress rpcAddress() {
        return rpcAddress;
    }

    public String name() {
        return name;
    }

    static String version() {
        String v = LocusNode.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /** Idempotent: called by the shutdown hook, and by the node itself when its member is lost. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            log.info("stopping node {}", name);
            memberWatch.expectEnd();
            started.close();
        }
    }
}
