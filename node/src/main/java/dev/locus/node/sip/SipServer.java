package dev.locus.node.sip;

import dev.locus.node.config.SipConfig;
import dev.locus.node.config.SocketSpec;
import dev.locus.node.sip.tcp.ConnectionGate;
import dev.locus.node.sip.tcp.GatedNetworkLayer;
import io.micrometer.core.instrument.MeterRegistry;
import gov.nist.javax.sip.ListeningPointImpl;

import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The node's one JAIN-SIP stack: listening points for every configured socket, one provider per address and
 * port (a provider holds at most one listening point per transport), all feeding one listener.
 */
public final class SipServer implements AutoCloseable {

    /**
     * Micrometer counter of UDP datagrams dropped on receipt, tagged {@code reason}: {@code queue_full}
     * ({@link #udpDropped()}) or {@code not_sip} ({@link #udpNotSip()}).
     */
    public static final String UDP_DROPPED = "locus.sip.udp.dropped";

    private final SipStack stack;
    private final List<SipProvider> providers = new ArrayList<>();
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final ConnectionGate tcpConnections;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean serving = new AtomicBoolean();
    private SipProvider dmqProvider;

    /** @param dmq the DMQ socket, on a provider of its own so that KDMQ is told apart by where it arrived */
    public SipServer(String stackName, SipConfig config, Optional<SocketSpec> dmq, MeterRegistry meters) {
        this.tcpConnections = new ConnectionGate(config.tcp(), meters);
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            this.stack = new KeyedSipStack(properties(stackName, config));
            // Before any listening point: the TCP ones are created with the gate in their accept.
            GatedNetworkLayer.of(stack).admitThrough(tcpConnections);
            this.messages = factory.createMessageFactory();
            this.headers = factory.createHeaderFactory();
            this.addresses = factory.createAddressFactory();
            Map<String, List<ListeningPoint>> byAddress = new LinkedHashMap<>();
            for (SocketSpec socket : config.listen()) {
                ListeningPoint lp = stack.createListeningPoint(socket.host(), socket.port(), socket.transport());
                byAddress.computeIfAbsent(socket.host() + "|" + socket.port(), k -> new ArrayList<>()).add(lp);
            }
            for (List<ListeningPoint> points : byAddress.values()) {
                SipProvider provider = stack.createSipProvider(points.get(0));
                for (ListeningPoint more : points.subList(1, points.size())) {
                    provider.addListeningPoint(more);
                }
                providers.add(provider);
            }
            if (dmq.isPresent()) {
                SocketSpec d = dmq.get();
                dmqProvider = stack.createSipProvider(stack.createListeningPoint(d.host(), d.port(), d.transport()));
                providers.add(dmqProvider);
            }
        } catch (Exception e) {
            tcpConnections.close();
            throw new IllegalStateException("cannot start SIP on " + config.listen() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stack names must be unique per JVM (the RI caches stacks by name). Stateless handling means requests arrive
     * without server transactions; the cap still matters for the ones later modules create.
     */
    private static Properties properties(String stackName, SipConfig config) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(config.threads()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(config.maxServerTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE",
                Integer.toString(MessageSizeLimit.readCeiling(config.maxMessageSize())));
        p.setProperty(MessageSizeLimit.PROPERTY, Integer.toString(config.maxMessageSize()));
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        // The caps and the idle timeout of the connections peers open (sip.tcp_*), in the listening sockets.
        p.setProperty(GatedNetworkLayer.PROPERTY, GatedNetworkLayer.class.getName());
        // From a message's first line to its last header, and between reads of its body: a trickle cannot hold
        // a connection (and its two threads) by sending just often enough not to be idle.
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", Long.toString(config.tcp().readTimeout().toMillis()));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(4 << 20));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(4 << 20));
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", SanitizingParserFactory.class.getName());
        // Bounded, source-fair UDP receive queues and SIP threads that survive any message.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", LocusMessageProcessorFactory.class.getName());
        p.setProperty(LocusMessageProcessorFactory.UDP_QUEUE, Integer.toString(config.udpQueue()));
        p.setProperty(LocusMessageProcessorFactory.UDP_QUEUE_PER_SOURCE, Integer.toString(config.udpQueuePerSource()));
        // Modules may route their own requests (a trunk REGISTER to its auth_proxy); the node's router asks them.
        p.setProperty("javax.sip.ROUTER_PATH", StackRouter.class.getName());
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        return p;
    }

    public void start(SipListener listener) {
        try {
            for (SipProvider provider : providers) {
                provider.addSipListener(listener);
            }
            stack.start();
            serving.set(true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SIP stack: " + e.getMessage(), e);
        }
    }

    /**
     * Lets a module choose the next hop of the requests it sends (those it returns a hop for). Modules are asked in
     * the order they were added.
     */
    public void route(Function<Request, Optional<Hop>> nextHops) {
        ((StackRouter) stack.getRouter()).consult(nextHops);
    }

    /**
     * The provider of a SIP socket ({@code proto:host:port}); empty text means the first configured socket. The
     * DMQ socket is not one of them.
     */
    public Optional<SipProvider> provider(String socket) {
        List<SipProvider> sipProviders = providers.stream().filter(p -> p != dmqProvider).toList();
        if (socket.isEmpty()) {
            return sipProviders.isEmpty() ? Optional.empty() : Optional.of(sipProviders.get(0));
        }
        SocketSpec wanted;
        try {
            wanted = SocketSpec.parse("socket", socket);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (SipProvider p : sipProviders) {
            ListeningPoint lp = p.getListeningPoint(wanted.transport());
            if (lp != null && lp.getIPAddress().equals(wanted.host()) && lp.getPort() == wanted.port()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<SipProvider> dmqProvider() {
        return Optional.ofNullable(dmqProvider);
    }

    /**
     * Puts the screen at the front of every socket: UDP datagrams before parsing, TCP connections at accept. Before
     * {@link #start}.
     */
    public void screen(SourceScreen screen) {
        for (Iterator<?> points = stack.getListeningPoints(); points.hasNext(); ) {
            if (((ListeningPointImpl) points.next()).getMessageProcessor() instanceof BoundedUdpMessageProcessor udp) {
                udp.screen(screen);
            }
        }
        tcpConnections.screen(screen::admitConnection);
    }

    /** The TCP connections peers opened: how many are open, were refused, were closed for idling. */
    /** Whether the SIP sockets are open and requests are handed to the listener: started and not yet stopped. */
    public boolean serving() {
        return serving.get() && !stopped.get();
    }

    public ConnectionGate tcpConnections() {
        return tcpConnections;
    }

    /** Datagrams dropped by full UDP receive queues (SIP and DMQ sockets), since start. */
    public long udpDropped() {
        return sumOverUdp(BoundedUdpMessageProcessor::dropped);
    }

    /** Datagrams dropped on receipt as not SIP (SIP and DMQ sockets), since start. */
    public long udpNotSip() {
        return sumOverUdp(BoundedUdpMessageProcessor::notSip);
    }

    private long sumOverUdp(ToLongFunction<BoundedUdpMessageProcessor> figure) {
        long sum = 0;
        for (Iterator<?> points = stack.getListeningPoints(); points.hasNext(); ) {
            if (((ListeningPointImpl) points.next()).getMessageProcessor() instanceof BoundedUdpMessageProcessor udp) {
                sum += figure.applyAsLong(udp);
            }
        }
        return sum;
    }

    public MessageFactory messages() {
        return messages;
    }

    public HeaderFactory headers() {
        return headers;
    }

    /** The providers of the SIP sockets (not the DMQ one), in the order of sip.listen. */
    public List<SipProvider> sipProviders() {
        return providers.stream().filter(p -> p != dmqProvider).toList();
    }

    public AddressFactory addresses() {
        return addresses;
    }

    /** Idempotent: the node stops it once before the modules behind it, and again on a failed start. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            serving.set(false);
            stack.stop();
            tcpConnections.close();
        }
    }
}
