package dev.locus.registrar;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqNode;
import dev.locus.registrar.auth.AuthMetrics;
import dev.locus.registrar.auth.CachingSubscriberRepository;
import dev.locus.registrar.auth.DigestAuthenticator;
import dev.locus.registrar.auth.JdbcSubscriberRepository;
import dev.locus.registrar.auth.NonceCounts;
import dev.locus.registrar.auth.NonceRecords;
import dev.locus.registrar.auth.AuthSerializers;
import dev.locus.registrar.auth.Nonces;
import dev.locus.registrar.location.ExpirySweep;
import dev.locus.registrar.htable.HazelcastHtables;
import dev.locus.registrar.settings.HazelcastLiveSettings;
import dev.locus.registrar.htable.HtableDatabase;
import dev.locus.registrar.htable.JdbcHtableSource;
import dev.locus.registrar.location.HazelcastLocationStore;
import dev.locus.registrar.location.LocationMetrics;
import dev.locus.registrar.location.LocationTable;
import dev.locus.registrar.location.RuidGenerator;
import dev.locus.registrar.proxy.DigestProxyAuthentication;
import dev.locus.registrar.proxy.LocationProxy;
import dev.locus.registrar.proxy.ProxyAuthentication;
import dev.locus.registrar.registration.RegisterRules;
import dev.locus.registrar.registration.RegistrationSerializers;
import dev.locus.registrar.replication.HtableCodec;
import dev.locus.registrar.replication.HtablePeer;
import dev.locus.registrar.replication.ReplicationSerializers;
import dev.locus.registrar.replication.UsrlocCodec;
import dev.locus.registrar.replication.UsrlocPeer;
import dev.locus.registrar.sip.DigestCheck;
import dev.locus.registrar.sip.DigestRegisterAuthentication;
import dev.locus.registrar.sip.OptionsResponder;
import dev.locus.registrar.sip.RegisterAuthentication;
import dev.locus.registrar.sip.RegisterHandler;
import dev.locus.registrar.sip.RegisterReader;
import dev.locus.registrar.sip.RegistrarMetrics;
import dev.locus.registrar.sip.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The registrar module's door (Kamailio's registrar + usrloc + auth_db + dmq_usrloc): built once per node from
 * its settings, it answers REGISTER and OPTIONS-to-us on the node's SIP stack, keeps usrloc in the Hazelcast
 * member, and plugs usrloc into a DMQ bus. It owns the threads it starts and stops them on {@link #close()}.
 */
public final class Registrar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    private static final String NONCE_MAP = "locus-auth-nonces";
    /** A REGISTER waits this long at most for the nonce map, then gets 500 with Retry-After (the store gets 5 s). */
    private static final Duration NONCE_TIMEOUT = Duration.ofSeconds(3);

    private final RegisterHandler register;
    private final OptionsResponder options;
    private final Replies replies;
    private final HazelcastLocationStore store;
    private final Usrloc usrloc;
    private final RegistrarMetrics registrarMetrics;
    private final AuthMetrics authMetrics;
    private final LocationMetrics locationMetrics;
    private final InstantSource clock;
    private final List<ExecutorService> executors;
    private final LocationProxy proxy;
    private final LiveSettings settings;

    private Registrar(RegisterHandler register, OptionsResponder options, Replies replies,
                      HazelcastLocationStore store, Usrloc usrloc, RegistrarMetrics registrarMetrics,
                      AuthMetrics authMetrics, LocationMetrics locationMetrics, InstantSource clock,
                      List<ExecutorService> executors, LocationProxy proxy, LiveSettings settings) {
        this.proxy = proxy;
        this.settings = settings;
        this.register = register;
        this.options = options;
        this.replies = replies;
        this.store = store;
        this.usrloc = usrloc;
        this.registrarMetrics = registrarMetrics;
        this.authMetrics = authMetrics;
        this.locationMetrics = locationMetrics;
        this.clock = clock;
        this.executors = List.copyOf(executors);
    }

    /** The SIP stack's parts the registrar answers with, and the Server header it signs them with. */
    public record Stack(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, String server,
                        List<SipProvider> providers) {

        public Stack {
            providers = List.copyOf(providers);
        }
    }

    /**
     * Adds the location map and every value the registrar puts into Hazelcast to a member's configuration, before
     * the member starts.
     */
    private static final int MAX_NONCES_PER_MEMBER = 1_000_000;

    public static void configure(Config hazelcast, int backupCount, Duration nonceLifetime) {
        // Nonce counts and wrong-password counts matter only while their nonce lives; the slack covers clock skew.
        // Every wrong answer to a fresh challenge makes an entry: bounded per member (oldest used first out, as the
        // per-node table before it), so a flood of challenges cannot grow the map without bound.
        hazelcast.addMapConfig(new MapConfig(NONCE_MAP).setBackupCount(backupCount)
                .setTimeToLiveSeconds((int) nonceLifetime.plusSeconds(10).toSeconds())
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(MAX_NONCES_PER_MEMBER)));
        List<CompactSerializer<?>> serializers = new ArrayList<>(RegistrationSerializers.all());
        serializers.addAll(ReplicationSerializers.all());
        serializers.addAll(AuthSerializers.all());
        HazelcastLocationStore.configure(hazelcast, backupCount, serializers);
        HazelcastHtables.configure(hazelcast, backupCount);
        HazelcastLiveSettings.configure(hazelcast, backupCount);
    }

    /** The node's tables (every node of a cluster defines the same), on its Hazelcast member. */
    public static Htables htables(List<HtableSpec> specs, HazelcastInstance hazelcast, InstantSource clock) {
        return new HazelcastHtables(specs, hazelcast, clock);
    }

    /**
     * @param dbExpires Kamailio's {@code db_expires}: read the {@code expires} column (tables with autoexpire)
     */
    public static HtableLoader htableLoader(Htables htables, DataSource database, boolean dbExpires, InstantSource clock) {
        return new HtableDatabase(htables, new JdbcHtableSource(database), dbExpires, clock);
    }

    /**
     * @param database   the subscriber table's database, when one is configured
     * @param localHosts this node's own addresses (OPTIONS to them is answered here)
     * @param sweep      how often expired bindings are purged
     * @param threads    names the threads the registrar starts
     * @param authFailures told of every failed digest attempt (the protection against password guessing)
     */
    public static Registrar start(RegistrarConfig config, AuthConfig auth, ProxyConfig proxyConfig,
                                  Optional<DataSource> database, HazelcastInstance hazelcast, Stack stack,
                                  Set<String> localHosts, Predicate<String> isMemberAddress, Duration sweep,
                                  InstantSource clock, MeterRegistry meters, Function<String, ThreadFactory> threads,
                                  AuthFailures authFailures) {
        List<ExecutorService> executors = new ArrayList<>();
        HazelcastLocationStore store = new HazelcastLocationStore(hazelcast);
        LocationMetrics locationMetrics = new LocationMetrics(meters);
        store.addListener(locationMetrics);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads.apply("locus-usrloc-timer"));
        executors.add(timer);
        new ExpirySweep(store, clock).scheduleOn(timer, sweep);

        RuidGenerator ruids = new RuidGenerator(clock.instant().getEpochSecond());
        Replies replies = new Replies(stack.messages(), stack.headers(), stack.server(), meters);
        RegistrarMetrics registrarMetrics = new RegistrarMetrics(meters);
        AuthMetrics authMetrics = new AuthMetrics(meters);
        Optional<DigestCheck> digest = digestCheck(auth, database, hazelcast, clock, replies, authMetrics, threads,
                executors, authFailures);
        RegisterAuthentication authentication = digest.<RegisterAuthentication>map(DigestRegisterAuthentication::new)
                .orElse(RegisterAuthentication.OPEN);
        LiveSettings settings = new HazelcastLiveSettings(hazelcast, RuntimeSettings.of(config));
        RegisterHandler register = new RegisterHandler(new RegisterReader(config.natTest()), new RegisterRules(config, ruids::next),
                store, replies, config, settings, clock, registrarMetrics, authentication);
        OptionsResponder options = new OptionsResponder(replies, stack.headers(), localHosts, config::serves);
        Usrloc usrloc = new LocationTable(store, clock, config.useDomain(), ruids);
        // Nearly every branch timer is cancelled by an answer long before it would fire: removed at once, not left
        // queued for its 30 s (thousands of calls per second would keep a hundred thousand dead tasks in the heap).
        ScheduledThreadPoolExecutor proxyTimer = new ScheduledThreadPoolExecutor(1, threads.apply("locus-proxy-timer"));
        proxyTimer.setRemoveOnCancelPolicy(true);
        executors.add(proxyTimer);
        LocationProxy proxy = new LocationProxy(store, config.useDomain(),
                host -> config.serves(host) || localHosts.contains(host), isMemberAddress, stack.providers(),
                stack.headers(), stack.addresses(), replies, proxyConfig,
                digest.<ProxyAuthentication>map(DigestProxyAuthentication::new).orElse(ProxyAuthentication.OPEN),
                proxyTimer, clock);
        return new Registrar(register, options, replies, store, usrloc, registrarMetrics, authMetrics,
                locationMetrics, clock, executors, proxy, settings);
    }

    /**
     * Digest authentication against the subscriber table when a database is configured (and auth not switched
     * off), one check for REGISTER and the proxy: the same nonces, subscriber cache and database threads; otherwise
     * none, said loudly once.
     */
    private static Optional<DigestCheck> digestCheck(AuthConfig auth, Optional<DataSource> database,
                                                     HazelcastInstance hazelcast, InstantSource clock, Replies replies,
                                                     AuthMetrics metrics, Function<String, ThreadFactory> threads,
                                                     List<ExecutorService> executors, AuthFailures authFailures) {
        if (database.isEmpty() && !auth.enabled()) {
            log.warn("no database configured (db.url): REGISTER and calls are NOT authenticated, any UA can register any AOR and call as any user");
            return Optional.empty();
        }
        if (!auth.enabled()) {
            log.warn("auth.enabled=false: REGISTER and calls are NOT authenticated, any UA can register any AOR and call as any user");
            return Optional.empty();
        }
        DataSource subscriberTable = database.orElseThrow(
                () -> new IllegalStateException("authentication needs a database (db.url)"));
        byte[] secret;
        if (auth.secret().isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("auth.secret is not set: nonces are signed with a random secret, so other nodes and this node after a restart will not accept them (set auth.secret in a cluster)");
        } else {
            secret = auth.secret().getBytes(StandardCharsets.UTF_8);
        }
        DigestAuthenticator authenticator = new DigestAuthenticator(new Nonces(secret, auth.nonceExpires()),
                new NonceCounts(NonceRecords.of(hazelcast.getMap(NONCE_MAP)), NONCE_TIMEOUT), auth.algorithms());
        CachingSubscriberRepository subscribers = new CachingSubscriberRepository(
                new JdbcSubscriberRepository(subscriberTable, auth.useDomain()), auth.cacheTtl(), 200_000, clock);
        ExecutorService lookups = new ThreadPoolExecutor(auth.dbThreads(), auth.dbThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(10_000), threads.apply("locus-auth-db"));
        executors.add(lookups);
        log.info("REGISTER and initial requests from served domains require digest authentication ({}), realm {}",
                auth.algorithms().stream().map(DigestAlgorithm::token).toList(),
                auth.realm().isEmpty() ? "= To domain (REGISTER), From domain (others)" : auth.realm());
        return Optional.of(new DigestCheck(authenticator, subscribers, replies, metrics, auth.realm(), clock, lookups,
                authFailures));
    }

    /**
     * Plugs usrloc into a DMQ bus, as dmq_usrloc: changes made here go to the Kamailio nodes, what they send is
     * applied here.
     *
     * @param isKamailio   which nodes of the DMQ list are Kamailio nodes (not members of this node's cluster)
     * @param isMemberAddress whether a KDMQ source address is a member's: its usrloc messages are refused
     * @param answersSyncs whether this node is the one that answers Kamailio's sync requests (one per cluster)
     * @param needsSync    whether, on joining, this node must ask Kamailio for its bindings (no other member holds
     *                     them)
     * @param syncBatch    bindings per {@code multi} message: in a full-sync answer, and of live changes when the
     *                     Kamailio nodes fall behind
     */
    public UsrlocReplication replicateOver(DmqBus bus, Predicate<DmqNode> isKamailio,
                                           Predicate<String> isMemberAddress, BooleanSupplier answersSyncs,
                                           BooleanSupplier needsSync, int syncBatch) {
        UsrlocPeer peer = new UsrlocPeer(store, bus, new UsrlocCodec(), clock, isKamailio, isMemberAddress,
                answersSyncs, needsSync, syncBatch);
        bus.register(peer);
        store.addListener(peer);
        return peer;
    }

    /**
     * The tables with {@code dmqreplicate=1} on the DMQ bus's {@code htable} channel, in Kamailio 5.6's dialect,
     * towards the Kamailio nodes (the members share the tables through Hazelcast).
     *
     * @param answersSyncs whether this node is the one that answers Kamailio's sync requests (one per cluster)
     * @param needsSync    whether, on joining, this node must ask Kamailio for its items (no other member holds
     *                     them)
     */
    public static HtableReplication replicateHtables(Htables htables, DmqBus bus, InstantSource clock,
                                                     Predicate<DmqNode> isKamailio, Predicate<String> isMemberAddress,
                                                     BooleanSupplier answersSyncs, BooleanSupplier needsSync) {
        HtablePeer peer = new HtablePeer(htables, bus, new HtableCodec(), clock, isKamailio, isMemberAddress,
                answersSyncs, needsSync);
        bus.register(peer);
        htables.addListener(peer);
        return peer::syncedItems;
    }

    /** A REGISTER, answered statelessly (on this thread, or on the subscriber lookups' when authenticating). */
    public void register(SipProvider provider, Request request) {
        register.handle(provider, request);
    }

    /** OPTIONS addressed to the node itself: no user part, one of its addresses or served domains. */
    public boolean isOptionsForUs(Request request) {
        return options.isForUs(request);
    }

    public void answerOptions(SipProvider provider, Request request) {
        replies.send(provider, options.answer(request));
    }

    /** A final answer with the mandatory headers only, sent statelessly. */
    public void reply(SipProvider provider, Request request, int status, String reason) {
        replies.send(provider, replies.plain(request, status, reason));
    }

    /**
     * Any other request (not REGISTER, KDMQ, or OPTIONS to the node): the location service forwards it, or
     * answers why not.
     *
     * @param existing  the server transaction the stack made for it, if it made one (a CANCEL's)
     * @param mappedAor the AOR a trunk's contact stands for ({@code sip:l_username@l_domain}), when the Request-URI
     *                  is one
     */
    public void route(SipProvider provider, Request request, Optional<ServerTransaction> existing,
                      Optional<String> mappedAor) {
        proxy.handle(provider, request, existing, mappedAor);
    }

    /** @return whether the response belonged to a request the location service forwarded */
    public boolean onResponse(ResponseEvent event) {
        return proxy.onResponse(event);
    }

    public boolean onTimeout(TimeoutEvent event) {
        return proxy.onTimeout(event);
    }

    /** The next hop of a request the location service sends, when the URIs in it do not say it. */
    public Optional<Hop> nextHop(Request request) {
        return proxy.nextHop(request);
    }

    /** The location service's transactions, counted as Kamailio's tm counts them. */
    public TransactionFigures transactions() {
        return proxy.stats().figures();
    }

    /** Where a sender of requests on this node's own account (Kamailio's {@code t_uac}) counts its transactions. */
    public LocalTransactions localTransactions() {
        return proxy.stats();
    }

    /** Replies sent statelessly (REGISTER answers, refusals, keepalives), counted as Kamailio's sl counts them. */
    public StatelessReplyFigures statelessReplies() {
        return replies.figures();
    }

    /** The settings an operator may change at run time, cluster-wide (Kamailio's cfg variables). */
    public LiveSettings settings() {
        return settings;
    }

    public Usrloc usrloc() {
        return usrloc;
    }

    public RegistrarFigures figures() {
        return new RegistrarFigures(registrarMetrics.acceptedCount(), registrarMetrics.rejectedCount(),
                authMetrics.challengeCount(), authMetrics.successCount(), authMetrics.failureCount(),
                locationMetrics.expiredCount());
    }

    @Override
    public void close() {
        executors.forEach(ExecutorService::shutdownNow);
    }
}
