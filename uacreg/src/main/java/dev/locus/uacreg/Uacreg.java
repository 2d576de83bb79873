package dev.locus.uacreg;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.uacreg.cluster.Ownership;
import dev.locus.uacreg.cluster.RecheckCredentials;
import dev.locus.uacreg.cluster.SharedTrunkTable;
import dev.locus.uacreg.cluster.StatusBoard;
import dev.locus.uacreg.cluster.TrunkMaps;
import dev.locus.uacreg.engine.TrunkEngine;
import dev.locus.uacreg.registration.Backoff;
import dev.locus.uacreg.registration.SendPacer;
import dev.locus.uacreg.registration.TrunkContext;
import dev.locus.uacreg.registration.TrunkExecutor;
import dev.locus.uacreg.sip.JainSipRegisterSender;
import dev.locus.uacreg.sip.TrunkHops;
import dev.locus.uacreg.trunk.CredentialsSource;
import dev.locus.uacreg.trunk.JdbcUacregSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The uacreg module's door (Kamailio's uac module, registration part): trunk registrations from the uacreg table,
 * each row registered by the live member that owns its partition. Built once per node; nothing is sent before
 * {@link #start()}, which must follow the SIP stack's start. It owns the threads it starts.
 */
public final class Uacreg implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Uacreg.class);

    private final UacregConfig config;
    private final HazelcastInstance hazelcast;
    private final TrunkMaps maps;
    private final TrunkContext context;
    private final AtomicBoolean active;
    private final SharedTrunkTable table;
    private final JainSipRegisterSender sender;
    private final TrunkHops hops;
    private final ScheduledExecutorService loader;
    private final ScheduledExecutorService reconcile;
    private final List<ExecutorService> executors;
    private final IntSupplier clusterSize;
    private final CredentialsSource credentials;
    private final Ownership ownership;
    private TrunkEngine engine;

    private Uacreg(UacregConfig config, HazelcastInstance hazelcast, TrunkMaps maps, TrunkContext context,
                   AtomicBoolean active, SharedTrunkTable table, JainSipRegisterSender sender, TrunkHops hops,
                   ScheduledExecutorService loader, ScheduledExecutorService reconcile, List<ExecutorService> executors,
                   IntSupplier clusterSize, CredentialsSource credentials, Ownership ownership) {
        this.config = config;
        this.credentials = credentials;
        this.ownership = ownership;
        this.clusterSize = clusterSize;
        this.hazelcast = hazelcast;
        this.maps = maps;
        this.context = context;
        this.active = active;
        this.table = table;
        this.sender = sender;
        this.hops = hops;
        this.loader = loader;
        this.reconcile = reconcile;
        this.executors = List.copyOf(executors);
    }

    /**
     * The SIP stack's parts trunks send with: the provider of a socket ({@code proto:host:port}, empty = the first),
     * the RI's factories, and the User-Agent.
     */
    public record Stack(Function<String, Optional<SipProvider>> providers, MessageFactory messages,
                        HeaderFactory headers, AddressFactory addresses, String userAgent) {
    }

    /** Adds the trunk maps to a member's configuration, before the member starts. */
    public static void configure(Config hazelcast, int backupCount) {
        TrunkMaps.configure(hazelcast, backupCount);
    }

    /**
     * @param nodeName names this node as a row's owner
     * @param threads  names the threads uacreg starts
     * @param clusterSize how many members the cluster is meant to have now, this node included: a quorum of
     *                 {@code auto} is a majority of it
     */
    public static Uacreg create(UacregConfig config, String nodeName, HazelcastInstance hazelcast, Stack stack,
                                DataSource database, InstantSource clock, Function<String, ThreadFactory> threads,
                                IntSupplier clusterSize) {
        List<ExecutorService> executors = new ArrayList<>();
        ScheduledExecutorService engineThread = Executors.newSingleThreadScheduledExecutor(threads.apply("locus-uacreg"));
        executors.add(engineThread);
        TrunkHops hops = new TrunkHops();
        JainSipRegisterSender sender = new JainSipRegisterSender(stack.providers(), hops, stack.messages(),
                stack.headers(), stack.addresses(), config.timeout(), engineThread, stack.userAgent());
        TrunkMaps maps = TrunkMaps.of(hazelcast);
        AtomicBoolean active = new AtomicBoolean(true);
        JdbcUacregSource source = new JdbcUacregSource(database);
        // Secrets are read when a carrier challenges, off the engine thread that paces every trunk.
        ExecutorService credentialReads = Executors.newSingleThreadExecutor(threads.apply("locus-uacreg-credentials"));
        executors.add(credentialReads);
        CredentialsSource credentials = new CredentialsSource(source, credentialReads, clock);
        Ownership ownership = new Ownership(hazelcast, maps, () -> config.quorumOf(clusterSize.getAsInt()));
        TrunkContext context = new TrunkContext(TrunkExecutor.on(engineThread), sender, new SendPacer(config.maxRate()),
                new Backoff(config.retryInterval(), config.retryMax(), () -> ThreadLocalRandom.current().nextDouble()),
                clock, System::nanoTime, new StatusBoard(maps, clock), nodeName,
                config.contactAddr(), active::get,
                () -> Integer.toUnsignedString(ThreadLocalRandom.current().nextInt()),
                () -> Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE),
                config.maxRefreshMargin(), credentials);
        SharedTrunkTable table = new SharedTrunkTable(maps, source, credentials, ownership::localMemberId,
                ownership::isMember);
        ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(threads.apply("locus-uacreg-db"));
        executors.add(loader);
        ScheduledExecutorService reconcile = Executors.newSingleThreadScheduledExecutor(
                threads.apply("locus-uacreg-reconcile"));
        executors.add(reconcile);
        return new Uacreg(config, hazelcast, maps, context, active, table, sender, hops, loader, reconcile, executors,
                clusterSize, credentials, ownership);
    }

    /** Starts registering the rows this member owns, and the first load of the table. */
    public void start() {
        engine = new TrunkEngine(context, maps, ownership, active, reconcile,
                config.randomDelay(), Duration.ofSeconds(2), credentials);
        TrunkEngine running = engine;
        hazelcast.getUserContext().put(RecheckCredentials.HANDLER, (RecheckCredentials.Recheck) keys -> {
            var changed = credentials.recheck(keys);
            running.credentialsChanged(changed);
            return changed;
        });
        loader.execute(new FirstLoad(table, loader, config.dbRetry()));
        log.info("uacreg on: contact address {}, at most {} REGISTER/s, quorum {}", config.contactAddr(),
                config.maxRate(), config.quorum().isPresent() ? config.quorum().getAsInt()
                        : "auto (now " + config.quorumOf(clusterSize.getAsInt()) + " of " + clusterSize.getAsInt() + ")");
    }

    /** The first load: a database that is down does not stop the node, the load is retried until it works. */
    private record FirstLoad(TrunkTable table, ScheduledExecutorService loader, Duration retry) implements Runnable {
        @Override
        public void run() {
            try {
                table.reload();
            } catch (UacregLoadException e) {
                log.warn("uacreg not loaded ({}); retrying in {} s", e.getMessage(), retry.toSeconds());
                loader.schedule(this, retry.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                log.warn("uacreg load failed; retrying in {} s", retry.toSeconds(), e);
                loader.schedule(this, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    public TrunkTable table() {
        return table;
    }

    /** Where one of the trunks' REGISTERs goes (its auth_proxy); empty for any other request. */
    public Optional<Hop> nextHop(Request request) {
        return hops.nextHop(request);
    }

    /** @return whether the response belonged to a trunk REGISTER */
    public boolean onResponse(ResponseEvent event) {
        return sender.onResponse(event);
    }

    /** @return whether the timeout belonged to a trunk REGISTER */
    public boolean onTimeout(TimeoutEvent event) {
        return sender.onTimeout(event);
    }

    /** REGISTER transactions this node sent to carriers. */
    public long registersSent() {
        return sender.sentCount();
    }

    /** ... of which ended without a final reply. */
    public long registerTimeouts() {
        return sender.timeoutCount();
    }

    /** Stops the trunks first (a leaving node goes quiet; the new owners clear its contacts), then the threads. */
    @Override
    public void close() {
        try {
            hazelcast.getUserContext().remove(RecheckCredentials.HANDLER);
        } catch (RuntimeException e) {
            log.debug("member already gone: {}", e.toString());
        }
        if (engine != null) {
            engine.close();
        }
        executors.forEach(ExecutorService::shutdownNow);
    }
}
