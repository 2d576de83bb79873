package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.migrations.ConnectionPool;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.config.UacregConfig;
import dev.locus.node.rpc.Statistic;
import dev.locus.node.sip.SipServer;
import dev.locus.node.sip.TrunkEndpoint;
import dev.locus.uacreg.Uacreg;
import dev.locus.uacreg.cluster.Ownership;
import dev.locus.uacreg.cluster.StatusBoard;
import dev.locus.uacreg.cluster.TrunkMaps;
import dev.locus.uacreg.engine.TrunkEngine;
import dev.locus.uacreg.registration.Backoff;
import dev.locus.uacreg.registration.SendPacer;
import dev.locus.uacreg.registration.TrunkContext;
import dev.locus.uacreg.registration.TrunkExecutor;
import dev.locus.uacreg.sip.JainSipRegisterSender;
import dev.locus.uacreg.trunk.JdbcUacregSource;
import dev.locus.uacreg.trunk.UacregLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's wiring of trunk registrations (part of {@link LocusNode}'s, kept apart for size): the engine on its
 * own thread, the sender on the node's SIP stack, the first load retried while the database is down.
 */
final class Trunks {

    private static final Logger log = LoggerFactory.getLogger(Trunks.class);

    private final Uacreg uacreg;
    private final JainSipRegisterSender sender;
    private final Runnable start;

    private Trunks(Uacreg uacreg, JainSipRegisterSender sender, Runnable start) {
        this.uacreg = uacreg;
        this.sender = sender;
        this.start = start;
    }

    /** Builds the parts; nothing is sent before {@link #start()}, which must follow the SIP stack's start. */
    static Trunks create(LocusConfig config, String nodeName, HazelcastInstance hazelcast, SipServer sip,
                         ConnectionPool pool, InstantSource clock, String version, Deque<AutoCloseable> closeInReverse) {
        UacregConfig settings = config.uacreg();
        ScheduledExecutorService engineThread = Executors.newSingleThreadScheduledExecutor(LocusNode.named("locus-uacreg"));
        closeInReverse.push(engineThread::shutdownNow);
        JainSipRegisterSender sender = new JainSipRegisterSender(sip::provider, sip.router(), sip.messages(),
                sip.headers(), sip.addresses(), settings.timeout(), engineThread, "Locus " + version);
        TrunkMaps maps = TrunkMaps.of(hazelcast);
        AtomicBoolean active = new AtomicBoolean(true);
        TrunkContext context = new TrunkContext(TrunkExecutor.on(engineThread), sender, new SendPacer(settings.maxRate()),
                new Backoff(settings.retryInterval(), settings.retryMax(), () -> ThreadLocalRandom.current().nextDouble()),
                clock, System::nanoTime, new StatusBoard(maps, clock), nodeName,
                settings.contactAddr(), active::get,
                () -> Integer.toUnsignedString(ThreadLocalRandom.current().nextInt()),
                () -> Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE),
                settings.maxRefreshMargin());
        Uacreg uacreg = new Uacreg(maps, new JdbcUacregSource(pool.dataSource()));
        ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(LocusNode.named("locus-uacreg-db"));
        closeInReverse.push(loader::shutdownNow);
        // A REGISTER sent before the stack has its listener would lose its reply and wait out the timeout.
        ScheduledExecutorService reconcile = Executors.newSingleThreadScheduledExecutor(LocusNode.named("locus-uacreg-reconcile"));
        closeInReverse.push(reconcile::shutdownNow);
        Runnable start = () -> {
            TrunkEngine engine = new TrunkEngine(context, maps, new Ownership(hazelcast, maps, settings.quorum()),
                    active, reconcile, settings.randomDelay(), Duration.ofSeconds(2));
            closeInReverse.push(engine);
            loader.execute(new FirstLoad(uacreg, loader, settings.dbRetry()));
            log.info("uacreg on: contact address {}, at most {} REGISTER/s, quorum {}", settings.contactAddr(),
                    settings.maxRate(), settings.quorum());
        };
        return new Trunks(uacreg, sender, start);
    }

    void start() {
        start.run();
    }

    /** The first load: a database that is down does not stop the node, the load is retried until it works. */
    private record FirstLoad(Uacreg uacreg, ScheduledExecutorService loader, Duration retry) implements Runnable {
        @Override
        public void run() {
            try {
                uacreg.reload();
            } catch (UacregLoadException e) {
                log.warn("uacreg not loaded ({}); retrying in {} s", e.getMessage(), retry.toSeconds());
                loader.schedule(this, retry.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                log.warn("uacreg load failed; retrying in {} s", retry.toSeconds(), e);
                loader.schedule(this, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    Uacreg uacreg() {
        return uacreg;
    }

    TrunkEndpoint endpoint() {
        return new TrunkEndpoint() {
            @Override
            public boolean onResponse(ResponseEvent event) {
                return sender.onResponse(event);
            }

            @Override
            public boolean onTimeout(TimeoutEvent event) {
                return sender.onTimeout(event);
            }

            @Override
            public Optional<String> localTarget(String requestUser) {
                return uacreg.localTarget(requestUser);
            }
        };
    }

    /**
     * uac:regtotal / regactive / regdisabled as Kamailio names them (but counted right, cluster-wide), plus
     * regfailed, and this node's REGISTER transactions and their timeouts.
     */
    List<Statistic> statistics() {
        // One scan of the rows serves all counters of a stats.get_statistics call.
        Recent<Uacreg.Counts> counts = new Recent<>(uacreg::counts, Duration.ofSeconds(1));
        return List.of(new Statistic("uac", "regtotal", () -> counts.get().total()),
                new Statistic("uac", "regactive", () -> counts.get().registered()),
                new Statistic("uac", "regdisabled", () -> counts.get().disabled()),
                new Statistic("uac", "regfailed", () -> counts.get().failed()),
                new Statistic("uac", "register_requests", sender::sentCount),
                new Statistic("uac", "register_timeouts", sender::timeoutCount));
    }
}
