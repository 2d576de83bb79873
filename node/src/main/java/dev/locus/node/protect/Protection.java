package dev.locus.node.protect;

import dev.locus.node.config.ProtectConfig;
import dev.locus.node.sip.SourceScreen;
import dev.locus.registrar.AuthFailures;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.Htables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Cluster-wide bans of password guessers and flooders, on the htable core: what a Kamailio operator scripts with
 * pike and an {@code ipban} table, shared by every node.
 * <ul>
 * <li>Checks are node-local and cheap: each datagram's source is looked up in {@link BanList} (this node's mirror of
 * the ban table, kept by the table's watch) and counted in {@link FloodCounter}; nothing on the receiving path
 * touches Hazelcast.</li>
 * <li>Only failures and bans go to the cluster, on this class's own threads (a Hazelcast call may wait up to 5 s):
 * failure counts in the counter table, bans in the ban table with their expiry, from where every node's watch (and,
 * the table being {@code dmqreplicate}, Kamailio) takes them.</li>
 * <li>A ban this node makes holds here at once, before the cluster has it.</li>
 * </ul>
 */
public final class Protection implements SourceScreen, AuthFailures, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Protection.class);
    /** Failures and bans waiting for the cluster, at most; more are counted as lost (a flood is banned anyway). */
    private static final int QUEUE = 10_000;
    /** user@realm longer than this is not counted per user (see {@link #count}). */
    private static final int MAX_USER_KEY = 256;

    private final ProtectConfig config;
    private final Htable bans;
    private final Optional<Htable> counters;
    private final BanList banList;
    private final Optional<FloodCounter> flood;
    private final Predicate<InetAddress> trusted;
    private final InstantSource clock;
    private final ThreadPoolExecutor cluster;
    /** Sources whose ban is on its way to the cluster: one write per ban, however many requests cross the limit. */
    private final Set<InetAddress> banning = ConcurrentHashMap.newKeySet();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder forbidden = new LongAdder();
    private final LongAdder tcpRefused = new LongAdder();
    private final LongAdder bansMade = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Runnable unwatch;

    private Protection(ProtectConfig config, Htable bans, Optional<Htable> counters, Predicate<InetAddress> trusted,
                       InstantSource clock, ThreadFactory threads) {
        this.config = config;
        this.bans = bans;
        this.counters = counters;
        this.trusted = trusted;
        this.clock = clock;
        this.banList = new BanList(clock, trusted);
        this.flood = config.floodLimit() > 0
                ? Optional.of(new FloodCounter(config.floodLimit(), config.floodWindow(), config.floodSources(),
                System::nanoTime))
                : Optional.empty();
        this.cluster = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), threads);
        // The watch first, then what is there already: a ban set in between is seen twice, never missed.
        this.unwatch = bans.watch(banList::changed);
        try {
            bans.items().forEach(item -> banList.changed(item.name(), Optional.of(item)));
        } catch (HtableUnavailableException e) {
            log.warn("protect: the bans already in table {} could not be read ({}); new ones are seen as they come",
                    bans.spec().name(), e.getMessage());
        }
    }

    /**
     * @param htables the node's tables, the protection's among them (see {@code LocusConfig})
     * @param trusted never banned
     */
    public static Protection start(ProtectConfig config, Htables htables, Predicate<InetAddress> trusted,
                                   InstantSource clock, ThreadFactory threads) {
        Htable bans = htables.table(config.banTable()).orElseThrow(() ->
                new IllegalStateException("no htable " + config.banTable()));
        Optional<Htable> counters = config.countsAuthFailures() ? htables.table(config.authTable()) : Optional.empty();
        Protection protection = new Protection(config, bans, counters, trusted, clock, threads);
        log.info("protect: bans in htable {} for {} s ({}); flood limit {}; auth failures {} per IP, {} per user in "
                        + "{} s; trusted {} and the cluster's own addresses", config.banTable(), config.banSeconds(),
                config.forbid() ? "answered 403" : "dropped", config.floodLimit() > 0
                        ? config.floodLimit() + " requests per " + config.floodWindow().toSeconds() + " s" : "off",
                off(config.authFailuresPerIp()), off(config.authFailuresPerUser()), config.authWindow().toSeconds(),
                config.trusted());
        return protection;
    }

    private static String off(int limit) {
        return limit > 0 ? Integer.toString(limit) : "off";
    }

    @Override
    public boolean admitDatagram(InetAddress source, boolean request) {
        Optional<BanList.Ban> ban = banList.of(source);
        if (ban.isPresent()) {
            if (config.forbid()) {
                return true; // parsed, to be answered 403
            }
            dropped.increment();
            told(source, ban.get());
            return false;
        }
        if (request) {
            countFlood(source);
        }
        return true;
    }

    @Override
    public boolean admitConnection(InetAddress source) {
        Optional<BanList.Ban> ban = banList.of(source);
        if (ban.isEmpty() || config.forbid()) {
            return true;
        }
        tcpRefused.increment();
        told(source, ban.get());
        return false;
    }

    @Override
    public Verdict onRequest(InetAddress source, boolean udp) {
        Optional<BanList.Ban> ban = banList.of(source);
        if (ban.isPresent()) {
            told(source, ban.get());
            if (config.forbid()) {
                forbidden.increment();
                return Verdict.FORBID;
            }
            dropped.increment();
            return Verdict.DROP;
        }
        if (!udp) {
            countFlood(source);
        }
        return Verdict.PASS;
    }

    /** Once per ban and node: the first request this node refuses for it. */
    private void told(InetAddress source, BanList.Ban ban) {
        if (ban.told().compareAndSet(false, true)) {
            log.info("protect: {} is banned until {}: its requests are {}", key(source),
                    ban.expire() == 0 ? "the ban is lifted" : Instant.ofEpochSecond(ban.expire()),
                    config.forbid() ? "answered 403" : "dropped, its TCP connections reset");
        }
    }

    private void countFlood(InetAddress source) {
        if (flood.isEmpty()) {
            return;
        }
        FloodCounter counter = flood.get();
        if (counter.overLimit(source)) {
            ban(source, "more than " + config.floodLimit() + " requests in " + config.floodWindow().toSeconds()
                    + " s (protect.flood_limit)");
        }
        if (counter.pruneDue()) {
            submit(counter::prune);
        }
    }

    /** On the receiving thread: holds here at once, reaches the cluster from this class's threads. */
    private void ban(InetAddress source, String why) {
        if (trusted.test(source) || !banning.add(source)) {
            return;
        }
        long until = clock.instant().getEpochSecond() + config.banSeconds();
        banList.put(source, until);
        if (!submit(() -> {
            try {
                share(source, until, why);
            } finally {
                banning.remove(source);
            }
        })) {
            banning.remove(source);
        }
    }

    private void share(InetAddress source, long until, String why) {
        try {
            bans.setExpiring(key(source), HtValue.of(1), config.banSeconds());
            bansMade.increment();
            log.info("protect: banned {} cluster-wide until {} ({} s): {}", key(source), Instant.ofEpochSecond(until),
                    config.banSeconds(), why);
        } catch (HtableUnavailableException e) {
            lost.increment();
            log.warn("protect: {} is banned on this node only until {} ({}): the cluster did not take the ban: {}",
                    key(source), Instant.ofEpochSecond(until), why, e.getMessage());
        }
    }

    @Override
    public void failed(String source, String user) {
        if (counters.isEmpty()) {
            return;
        }
        Optional<InetAddress> address = BanList.address(source);
        if (address.isEmpty()) {
            return;
        }
        authFailures.increment();
        submit(() -> count(address.get(), user));
    }

    /** On this class's threads: the cluster's counts of one failure, and a ban if one is over its threshold. */
    private void count(InetAddress source, String user) {
        Htable table = counters.orElseThrow();
        try {
            String ip = key(source);
            // Both counts, whichever bans: the user's must hold every failure for the next source to be judged.
            boolean ipOver = config.authFailuresPerIp() > 0
                    && over(table.add("ip:" + ip, 1), config.authFailuresPerIp());
            // The user comes from the request: a name no account has (longer than any) is not given a counter of
            // its own in the cluster, the source's count still holds.
            boolean userOver = config.authFailuresPerUser() > 0 && user.length() <= MAX_USER_KEY
                    && over(table.add("user:" + user, 1), config.authFailuresPerUser());
            if (ipOver) {
                banNow(source, "more than " + config.authFailuresPerIp() + " failed digest attempts in "
                        + config.authWindow().toSeconds() + " s (protect.auth_failures_per_ip)");
            } else if (userOver) {
                banNow(source, "more than " + config.authFailuresPerUser() + " failed digest attempts for " + user
                        + " in " + config.authWindow().toSeconds() + " s (protect.auth_failures_per_user)");
            }
        } catch (HtableUnavailableException e) {
            lost.increment();
            log.debug("protect: a failed attempt from {} not counted: {}", source, e.getMessage());
        }
    }

    private static boolean over(Optional<HtItem> count, int threshold) {
        return count.isPresent() && count.get().value() instanceof HtValue.Int n && n.value() > threshold;
    }

    private void banNow(InetAddress source, String why) {
        if (trusted.test(source) || !banning.add(source)) {
            return;
        }
        try {
            long until = clock.instant().getEpochSecond() + config.banSeconds();
            banList.put(source, until);
            share(source, until, why);
        } finally {
            banning.remove(source);
        }
    }

    private boolean submit(Runnable task) {
        try {
            cluster.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            lost.increment();
            return false;
        }
    }

    /** An address as the ban table's key: Kamailio's {@code $si} (IPv6 in its shortest form, no brackets). */
    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            String canonical = dev.locus.dmq.DmqUri.canonicalHost(address.getHostAddress());
            return canonical.startsWith("[") ? canonical.substring(1, canonical.length() - 1) : canonical;
        }
        return address.getHostAddress();
    }

    public ProtectFigures figures() {
        return new ProtectFigures(dropped.sum(), forbidden.sum(), tcpRefused.sum(), bansMade.sum(), banList.size(),
                authFailures.sum(), lost.sum());
    }

    @Override
    public void close() {
        unwatch.run();
        cluster.shutdownNow();
    }
}
