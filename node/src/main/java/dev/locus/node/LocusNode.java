package dev.locus.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.migrations.ConnectionPool;
import dev.locus.migrations.MigrationReport;
import dev.locus.migrations.Migrations;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.bus.DmqBus;
import dev.locus.dmq.bus.KdmqTransport;
import dev.locus.dmq.discovery.DnsDiscovery;
import dev.locus.dmq.nodes.NodeList;
import dev.locus.dmq.nodes.NotificationPeer;
import dev.locus.node.config.AuthConfig;
import dev.locus.node.config.ConfigException;
import dev.locus.node.config.DmqSettings;
import dev.locus.node.rpc.DmqMethods;
import dev.locus.node.sip.KdmqEndpoint;
import dev.locus.node.sip.TrunkEndpoint;
import dev.locus.node.rpc.UacregMethods;
import dev.locus.registrar.replication.UsrlocCodec;
import dev.locus.registrar.replication.UsrlocPeer;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.config.SocketSpec;
import dev.locus.node.rpc.CoreMethods;
import dev.locus.node.rpc.RpcMethods;
import dev.locus.node.rpc.RpcServer;
import dev.locus.node.rpc.Statistic;
import dev.locus.node.rpc.StatsMethods;
import dev.locus.node.rpc.UsrlocMethods;
import dev.locus.node.sip.OptionsResponder;
import dev.locus.node.sip.SipDispatcher;
import dev.locus.node.sip.SipServer;
import dev.locus.registrar.auth.AuthMetrics;
import dev.locus.registrar.auth.CachingSubscriberRepository;
import dev.locus.registrar.auth.DigestAlgorithm;
import dev.locus.registrar.auth.DigestAuthenticator;
import dev.locus.registrar.auth.JdbcSubscriberRepository;
import dev.locus.registrar.auth.NonceCounts;
import dev.locus.registrar.auth.Nonces;
import dev.locus.registrar.location.ExpirySweep;
import dev.locus.registrar.location.HazelcastLocationStore;
import dev.locus.registrar.location.LocationMetrics;
import dev.locus.registrar.location.LocationStats;
import dev.locus.registrar.registration.RegisterRules;
import dev.locus.registrar.registration.RegistrarConfig;
import dev.locus.registrar.registration.RuidGenerator;
import dev.locus.registrar.sip.DigestRegisterAuthentication;
import dev.locus.registrar.sip.RegisterAuthentication;
import dev.locus.registrar.sip.RegisterHandler;
import dev.locus.registrar.sip.RegisterReader;
import dev.locus.registrar.sip.RegistrarMetrics;
import dev.locus.registrar.sip.Replies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Locus node: the only place that calls service constructors. Builds the parts in dependency order and
 * closes them in reverse.
 */
public final class LocusNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocusNode.class);

    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final InetSocketAddress rpcAddress;
    private final String name;

    private LocusNode(LocusConfig config, InstantSource clock) {
        this.name = config.nodeName();
        try {
            log.info("starting Locus node {} {}", name, version());
            log.info("configuration: {}", config.describe());
            Instant startedAt = clock.instant();
            MeterRegistry meters = new SimpleMeterRegistry();
            RegistrarConfig registrar = config.registrar();
            String unique = UUID.randomUUID().toString().substring(0, 8);

            DmqSettings dmqSettings = config.dmq();
            DnsDiscovery discovery = new DnsDiscovery(dmqSettings.seeds(), dmqSettings.dnsServer());
            refuseIfNotInTheName(dmqSettings, discovery);
            NodeList nodes = new NodeList(dmqSettings.localUri(), dmqSettings.listen().host());
            // Members are looked for at every address of the name and of the DMQ node list, so Locus nodes that
            // only learned of each other through a Kamailio node's gossip still find each other.
            Optional<Supplier<List<String>>> memberHosts = dmqSettings.enabled()
                    ? Optional.of(() -> memberCandidates(discovery, nodes)) : Optional.empty();
            HazelcastInstance hazelcast = HazelcastMember.start("locus-" + name + "-" + unique, config.cluster(),
                    config.usrloc(), memberHosts);
            closeInReverse.push(hazelcast::shutdown);

            HazelcastLocationStore store = new HazelcastLocationStore(hazelcast);
            LocationMetrics locationMetrics = new LocationMetrics(meters);
            store.addListener(locationMetrics);
            ExpirySweep sweep = new ExpirySweep(store, clock, config.usrloc().timerInterval());
            closeInReverse.push(sweep);

            RuidGenerator ruids = new RuidGenerator(startedAt.getEpochSecond());
            SipServer sip = new SipServer("locus-" + name + "-" + unique, config.sip(),
                    dmqSettings.enabled() ? Optional.of(dmqSettings.listen()) : Optional.empty());
            closeInReverse.push(sip);
            Replies replies = new Replies(sip.messages(), sip.headers(), "Locus " + version());
            RegistrarMetrics registrarMetrics = new RegistrarMetrics(meters);
            AuthMetrics authMetrics = new AuthMetrics(meters);
            Optional<ConnectionPool> pool = database(config);
            RegisterAuthentication authentication = authentication(config, pool, clock, replies, authMetrics);
            RegisterHandler register = new RegisterHandler(new RegisterReader(), new RegisterRules(registrar, ruids::next),
                    store, replies, registrar, clock, registrarMetrics, authentication);
            RpcMethods methods = new RpcMethods();
            Optional<NotificationPeer> membership = Optional.empty();
            List<Statistic> dmqStatistics = new java.util.ArrayList<>();
            KdmqEndpoint kdmq = KdmqEndpoint.NONE;
            if (dmqSettings.enabled()) {
                ScheduledExecutorService dmqTimer = Executors.newSingleThreadScheduledExecutor(named("locus-dmq-timer"));
                closeInReverse.push(dmqTimer::shutdownNow);
                KdmqTransport transport = new KdmqTransport(sip.dmqProvider().orElseThrow(), sip.messages(), sip.headers(),
                        sip.addresses(), dmqSettings.localUri(), dmqSettings.requestTimeout(), dmqTimer, "Locus " + version());
                AtomicReference<NotificationPeer> peerRef = new AtomicReference<>();
                DmqBus bus = new DmqBus(nodes, transport, () -> peerRef.get().discoveredIps(), dmqSettings.workers(),
                        dmqSettings.window());
                closeInReverse.push(bus);
                // Removed from the name: hand this node's share of the bindings to the others (a graceful Hazelcast
                // leave, no binding lost) and stop taking registrations.
                NotificationPeer notification = new NotificationPeer(nodes, bus, discovery, () -> {
                    Thread leave = new Thread(() -> hazelcast.getLifecycleService().shutdown(), "locus-leave");
                    leave.setDaemon(true);
                    leave.start();
                });
                peerRef.set(notification);
                bus.register(notification);
                Predicate<DmqNode> isKamailio = node -> !hazelcastHosts(hazelcast).contains(node.resolvedIp());
                UsrlocPeer usrloc = new UsrlocPeer(store, bus, new UsrlocCodec(new ObjectMapper()), clock, isKamailio,
                        () -> hazelcast.getCluster().getMembers().iterator().next().localMember(),
                        () -> hazelcast.getCluster().getMembers().size() == 1, dmqSettings.syncBatch());
                bus.register(usrloc);
                store.addListener(usrloc);
                dmqStatistics.add(new Statistic("dmq", "usrloc_sync_bindings", usrloc::syncedBindings));
                dmqStatistics.add(new Statistic("dmq", "nodes", () -> nodes.snapshot().size()));
                new DmqMethods(nodes, isKamailio).registerIn(methods);
                kdmq = KdmqEndpoint.of(bus, transport);
                membership = Optional.of(notification);
                long ping = dmqSettings.pingInterval().toMillis();
                dmqTimer.scheduleWithFixedDelay(() -> {
                    try {
                        notification.ping();
                    } catch (RuntimeException e) {
                        log.warn("DMQ ping round failed", e);
                    }
                }, ping, ping, TimeUnit.MILLISECONDS);
            }
            TrunkEndpoint trunkEndpoint = TrunkEndpoint.NONE;
            List<Statistic> uacStatistics = new java.util.ArrayList<>();
            Optional<Trunks> trunkRegistrations = Optional.empty();
            if (config.uacreg().enabled()) {
                Trunks trunks = Trunks.create(config, name, hazelcast, sip, pool.orElseThrow(), clock, version(),
                        closeInReverse);
                trunkRegistrations = Optional.of(trunks);
                trunkEndpoint = trunks.endpoint();
                new UacregMethods(trunks.uacreg(), clock, config.uacreg().contactAddr()).registerIn(methods);
                uacStatistics.addAll(trunks.statistics());
            } else {
                log.info("uacreg off (no database, or uacreg.enabled=false): no trunk registrations, no uac.* RPC");
            }
            SipDispatcher dispatcher = new SipDispatcher(register,
                    new OptionsResponder(replies, sip.headers(), localHosts(config), registrar::serves), replies, kdmq,
                    trunkEndpoint, meters);

            new UsrlocMethods(store, clock, registrar.useDomain(), ruids).registerIn(methods);
            new CoreMethods(version(), clock, startedAt, ZoneId.systemDefault()).registerIn(methods);
            Counter sipRequests = meters.get(SipDispatcher.REQUESTS).counter();
            // One scan of the store serves all four usrloc statistics of a stats.get_statistics call.
            Recent<LocationStats> locationStats = new Recent<>(() -> store.stats(clock.instant().getEpochSecond()),
                    Duration.ofSeconds(1));
            List<Statistic> statistics = new java.util.ArrayList<>(dmqStatistics);
            statistics.addAll(uacStatistics);
            statistics.addAll(List.of(
                    new Statistic("core", "rcv_requests", () -> (long) sipRequests.count()),
                    new Statistic("cluster", "members", () -> hazelcast.getLifecycleService().isRunning()
                            ? hazelcast.getCluster().getMembers().size() : 0),
                    new Statistic("auth", "challenges", authMetrics::challengeCount),
                    new Statistic("auth", "successes", authMetrics::successCount),
                    new Statistic("auth", "failures", authMetrics::failureCount),
                    new Statistic("registrar", "accepted_regs", registrarMetrics::acceptedCount),
                    new Statistic("registrar", "rejected_regs", registrarMetrics::rejectedCount),
                    new Statistic("registrar", "default_expire", registrar::defaultExpires),
                    new Statistic("registrar", "max_expires", registrar::maxExpires),
                    new Statistic("registrar", "max_contacts", registrar::maxContacts),
                    new Statistic("usrloc", "location_users", () -> locationStats.get().users()),
                    new Statistic("usrloc", "location_contacts", () -> locationStats.get().contacts()),
                    new Statistic("usrloc", "location_expires", locationMetrics::expiredCount),
                    new Statistic("usrloc", "registered_users", () -> locationStats.get().users())));
            new StatsMethods(statistics).registerIn(methods);
            ExecutorService rpcExecutor = Executors.newFixedThreadPool(config.rpc().threads(), named("locus-rpc"));
            closeInReverse.push(rpcExecutor::shutdownNow);
            RpcServer rpc = new RpcServer(new InetSocketAddress(config.rpc().address(), config.rpc().port()), "/RPC",
                    methods, new ObjectMapper(), config.rpc().maxBodyBytes(), rpcExecutor);
            rpc.start();
            closeInReverse.push(rpc);
            rpcAddress = rpc.address();

            sip.start(dispatcher);
            trunkRegistrations.ifPresent(Trunks::start);
            membership.ifPresent(m -> {
                m.start();
                // A graceful stop tells every DMQ node at once, instead of letting pings time out.
                closeInReverse.push(m::leave);
                log.info("DMQ on {} seeded with {}", dmqSettings.localUri(), dmqSettings.seeds());
            });
            log.info("node {} serving SIP on {}, JSON-RPC on http://{}:{}/RPC", name, config.sip().listen(),
                    rpcAddress.getHostString(), rpcAddress.getPort());
            log.info("cluster {}: {} member(s)", config.cluster().name(), hazelcast.getCluster().getMembers().size());
    
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Digest authentication against the subscriber table when a database is configured (and auth not switched
     * off); otherwise open registration, said loudly once.
     */
    /** The pool, when a database is configured; migrated first if asked to. */
    private Optional<ConnectionPool> database(LocusConfig config) {
        if (!config.database().configured()) {
            return Optional.empty();
        }
        ConnectionPool pool = new ConnectionPool(config.database(), "locus-db");
        closeInReverse.push(pool);
        log.info("database {}", config.database());
        if (config.database().migrateOnStart()) {
            MigrationReport report = new Migrations(pool.dataSource()).migrate(config.database().adoptExisting());
            log.info("database migrated from {} to {} ({} applied)", report.fromVersion(), report.toVersion(), report.applied());
        }
        return Optional.of(pool);
    }

    private RegisterAuthentication authentication(LocusConfig config, Optional<ConnectionPool> db,
                                                  InstantSource clock, Replies replies, AuthMetrics metrics) {
        AuthConfig auth = config.auth();
        if (db.isEmpty() && !auth.enabled()) {
            log.warn("no database configured (db.url): REGISTER is NOT authenticated, any UA can register any AOR");
            return RegisterAuthentication.OPEN;
        }
        ConnectionPool pool = db.orElseThrow();
        if (!auth.enabled()) {
            log.warn("auth.enabled=false: REGISTER is NOT authenticated, any UA can register any AOR");
            return RegisterAuthentication.OPEN;
        }
        byte[] secret;
        if (auth.secret().isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("auth.secret is not set: nonces are signed with a random secret, so other nodes and this node after a restart will not accept them (set auth.secret in a cluster)");
        } else {
            secret = auth.secret().getBytes(StandardCharsets.UTF_8);
        }
        DigestAuthenticator authenticator = new DigestAuthenticator(new Nonces(secret, auth.nonceExpires()),
                new NonceCounts(auth.nonceExpires(), 1_000_000), auth.algorithms());
        CachingSubscriberRepository subscribers = new CachingSubscriberRepository(
                new JdbcSubscriberRepository(pool.dataSource(), auth.useDomain()), auth.cacheTtl(), 200_000);
        ExecutorService database = new ThreadPoolExecutor(auth.dbThreads(), auth.dbThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(10_000), named("locus-auth-db"));
        closeInReverse.push(database::shutdownNow);
        log.info("REGISTER requires digest authentication ({}), realm {}",
                auth.algorithms().stream().map(DigestAlgorithm::token).toList(),
                auth.realm().isEmpty() ? "= To domain" : auth.realm());
        return new DigestRegisterAuthentication(authenticator, subscribers, replies, metrics, auth.realm(), clock, database);
    }

    /** Starts a node; on a failure part-way, whatever was started is stopped again. */
    public static LocusNode start(LocusConfig config, InstantSource clock) {
        return new LocusNode(config, clock);
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

    /**
     * DNS is the cluster's membership: a node whose name lists other nodes but not this one was removed, and must
     * not join them again through a restart. Seeds given as addresses (a Kamailio node to join) are not a name.
     */
    private static void refuseIfNotInTheName(DmqSettings dmq, DnsDiscovery discovery) {
        boolean byName = dmq.seeds().stream().anyMatch(s -> !DnsDiscovery.isIpLiteral(s.host()));
        if (!dmq.enabled() || !byName) {
            return;
        }
        List<DmqUri> resolved = discovery.resolve();
        if (!resolved.isEmpty() && !resolved.contains(dmq.localUri())) {
            throw new ConfigException("this node (" + dmq.localUri() + ") is not in dmq.notification_address "
                    + dmq.seeds() + ", which resolves to " + resolved + ": add it to DNS to let it join");
        }
    }

    private static List<String> memberCandidates(DnsDiscovery discovery, NodeList nodes) {
        Set<String> hosts = new java.util.LinkedHashSet<>();
        discovery.resolve().forEach(u -> hosts.add(u.host()));
        nodes.snapshot().stream().filter(n -> !n.local()).forEach(n -> hosts.add(n.resolvedIp()));
        return List.copyOf(hosts);
    }

    /** The addresses of the Hazelcast members: the Locus nodes, which share bindings without DMQ. */
    private static Set<String> hazelcastHosts(HazelcastInstance hazelcast) {
        Set<String> hosts = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> hosts.add(m.getAddress().getHost()));
        return hosts;
    }

    private static Set<String> localHosts(LocusConfig config) {
        Set<String> hosts = new HashSet<>();
        for (SocketSpec s : config.sip().listen()) {
            hosts.add(s.host().toLowerCase(Locale.ROOT));
        }
        String advertised = config.sip().advertisedAddress();
        if (!advertised.isBlank()) {
            int colon = advertised.lastIndexOf(':');
            hosts.add((colon > 0 && !advertised.endsWith("]") ? advertised.substring(0, colon) : advertised)
                    .replace("[", "").replace("]", "").toLowerCase(Locale.ROOT));
        }
        return hosts;
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        log.info("stopping node {}", name);
        while (!closeInReverse.isEmpty()) {
            try {
                closeInReverse.pop().close();
            } catch (Exception e) {
                log.warn("error while stopping node {}", name, e);
            }
        }
    }
}
