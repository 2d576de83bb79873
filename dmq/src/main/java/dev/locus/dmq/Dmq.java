package dev.locus.dmq;

import dev.locus.dmq.bus.KdmqBus;
import dev.locus.dmq.bus.KdmqTransport;
import dev.locus.dmq.discovery.DiscoveredNodes;
import dev.locus.dmq.discovery.DnsDiscovery;
import dev.locus.dmq.discovery.Resolution;
import dev.locus.dmq.nodes.NodeList;
import dev.locus.dmq.nodes.NotificationPeer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The DMQ module's door: builds the bus (KDMQ on the DMQ socket), the node list and Kamailio's
 * {@code notification_peer} from one configuration, and is what the node wires to its SIP stack, its timer and
 * its RPC. Channels ({@code usrloc}, {@code htable}) plug into {@link #bus()}.
 */
public final class Dmq implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dmq.class);

    private final NodeList nodes;
    private final DnsDiscovery discovery;
    private final KdmqTransport transport;
    private final KdmqBus bus;
    private final NotificationPeer notification;
    private final Duration pingInterval;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    private Dmq(NodeList nodes, DnsDiscovery discovery, KdmqTransport transport, KdmqBus bus,
                NotificationPeer notification, Duration pingInterval, ScheduledExecutorService timer,
                ExecutorService workers) {
        this.nodes = nodes;
        this.discovery = discovery;
        this.transport = transport;
        this.bus = bus;
        this.notification = notification;
        this.pingInterval = pingInterval;
        this.timer = timer;
        this.workers = workers;
    }

    /** The SIP stack's parts the bus sends and answers with: the DMQ socket's provider and the RI's factories. */
    public record Stack(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                        String userAgent) {
    }

    /**
     * Builds the bus; nothing is sent before {@link #start()}.
     *
     * @param onRemoved what else the node does when it finds itself removed from the discovery name
     * @param threads   names the threads the bus starts
     * @throws NotInClusterNameException when the discovery name lists other nodes but not this one
     */
    public static Dmq create(DmqConfig config, Stack stack, Runnable onRemoved, Function<String, ThreadFactory> threads,
                             InstantSource clock) {
        DnsDiscovery discovery = new DnsDiscovery(config.seeds(), config.dnsServer());
        refuseIfNotInTheName(config, discovery);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads.apply("locus-dmq-timer"));
        // Bounded: a KDMQ the pool cannot take is answered 503, and the sender retries.
        ExecutorService workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(50_000), threads.apply("locus-dmq-worker"));
        NodeList nodes = new NodeList(config.local(), config.local().host());
        KdmqTransport transport = new KdmqTransport(stack.provider(), stack.messages(), stack.headers(),
                stack.addresses(), config.local(), config.requestTimeout(), timer, stack.userAgent());
        // The bus asks the notification peer what the name resolved to, and the peer sends through the bus.
        AtomicReference<NotificationPeer> peer = new AtomicReference<>();
        KdmqBus bus = new KdmqBus(nodes, transport, () -> peer.get().discoveredIps(), workers, config.window());
        peer.set(new NotificationPeer(nodes, bus, discovery, new DiscoveredNodes(config.local(), config.dnsHold(), clock),
                onRemoved));
        bus.register(peer.get());
        return new Dmq(nodes, discovery, transport, bus, peer.get(), config.pingInterval(), timer, workers);
    }

    /**
     * DNS is the cluster's membership: a node whose name lists other nodes but not this one was removed, and must
     * not join them again through a restart. Seeds given as addresses (a Kamailio node to join) are not a name.
     */
    private static void refuseIfNotInTheName(DmqConfig config, DnsDiscovery discovery) {
        boolean byName = config.seeds().stream().anyMatch(s -> !DnsDiscovery.isIpLiteral(s.host()));
        if (!byName) {
            return;
        }
        if (!(discovery.resolve() instanceof Resolution.Answer answer)) {
            return; // DNS cannot say now: the pings ask again, and a removed node leaves then
        }
        List<DmqUri> resolved = answer.nodes();
        if (!resolved.isEmpty() && !resolved.contains(config.local())) {
            throw new NotInClusterNameException("this node (" + config.local() + ") is not in dmq.notification_address "
                    + config.seeds() + ", which resolves to " + resolved + ": add it to DNS to let it join");
        }
    }

    public DmqBus bus() {
        return bus;
    }

    /** The node list now, this node included. */
    public List<DmqNode> nodes() {
        return nodes.snapshot();
    }

    /** Ping rounds in which the discovery name failed or answered nothing (held through, see README). */
    public long discoveryTroubles() {
        return notification.troubledRounds();
    }

    /** {@code dmq.remove}: whether the node was on the list. */
    public boolean remove(DmqUri node) {
        return nodes.remove(node);
    }

    /**
     * How many nodes the discovery name lists, this node counted once whether the name lists it or not: as of the
     * last ping's resolution (held through DNS trouble), resolved now if none has happened yet. Kamailio nodes in
     * the name count too.
     */
    public int clusterSize() {
        Set<String> hosts = notification.discoveredIps();
        if (hosts.isEmpty() && discovery.resolve() instanceof Resolution.Answer answer) {
            hosts = new HashSet<>();
            for (DmqUri uri : answer.nodes()) {
                hosts.add(uri.host());
            }
        }
        return hosts.size() + (hosts.contains(nodes.local().uri().host()) ? 0 : 1);
    }

    /**
     * Every address the discovery name resolves to now (or held through DNS trouble) and every other node's on the
     * list: where other members of the node's own cluster may be, including nodes only learned of through a Kamailio
     * node's gossip.
     */
    public List<String> candidateHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        if (discovery.resolve() instanceof Resolution.Answer answer && !answer.nodes().isEmpty()) {
            answer.nodes().forEach(u -> hosts.add(u.host()));
        } else {
            notification.discovered().forEach(u -> hosts.add(u.host()));
        }
        nodes.snapshot().stream().filter(n -> !n.local()).forEach(n -> hosts.add(n.resolvedIp()));
        return List.copyOf(hosts);
    }

    /** Whether an event of the SIP stack happened on the DMQ socket. */
    public boolean owns(SipProvider provider) {
        return provider == transport.provider();
    }

    /** A KDMQ request that arrived on the DMQ socket. */
    public void onRequest(Request request) {
        bus.handle(request);
    }

    public void onResponse(ResponseEvent event) {
        transport.onResponse(event);
    }

    public void onTimeout(TimeoutEvent event) {
        transport.onTimeout(event);
    }

    /** Start-up: resolve the name, notify every node found, then ping them all every ping interval. */
    public void start() {
        notification.start();
        long ping = pingInterval.toMillis();
        timer.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        try {
            notification.ping();
        } catch (RuntimeException e) {
            log.warn("DMQ ping round failed", e);
        }
    }

    /** A graceful stop: tells every node at once that this one is disabled, instead of letting pings time out. */
    public void leave() {
        notification.leave();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
