package dev.locus.dmq.bus;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.nodes.NodeList;
import dev.locus.dmq.nodes.NotificationPeer;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The DMQ bus, as Kamailio's dmq module: named channels (peers), incoming KDMQ handed to a bounded worker pool
 * and answered after the handler ran, outgoing KDMQ through a bounded window per node. KDMQ is accepted only from
 * known nodes, or, on the notification channel, from addresses the discovery name resolves to.
 */
public final class KdmqBus implements DmqBus {

    private static final Logger log = LoggerFactory.getLogger(DmqBus.class);

    private final NodeList nodes;
    private final KdmqTransport transport;
    private final Supplier<Set<String>> discoveredIps;
    private final int window;
    private final Map<String, DmqPeer> peers = new ConcurrentHashMap<>();
    private final Map<DmqUri, NodeOutbox> outboxes = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    /** @param workers a bounded pool: a KDMQ it rejects is answered 503 */
    public KdmqBus(NodeList nodes, KdmqTransport transport, Supplier<Set<String>> discoveredIps,
                   ExecutorService workers, int window) {
        this.nodes = nodes;
        this.transport = transport;
        this.discoveredIps = discoveredIps;
        this.window = window;
        this.workers = workers;
    }

    @Override
    public void register(DmqPeer peer) {
        if (peers.putIfAbsent(peer.channel(), peer) != null) {
            throw new IllegalArgumentException("DMQ channel registered twice: " + peer.channel());
        }
    }

    @Override
    public List<DmqPeer> peers() {
        return List.copyOf(peers.values());
    }

    @Override
    public List<DmqNode> nodes() {
        return nodes.snapshot();
    }

    @Override
    public Executor workers() {
        return workers;
    }

    /** A KDMQ request that arrived on the DMQ socket. */
    public void handle(Request request) {
        if (!nodes.isMember()) {
            return; // left the cluster: silence, so the others' pings time out and drop this node
        }
        String sourceIp = DmqUri.canonicalHost(((MessageChannel) ((SIPRequest) request).getMessageChannel())
                .getPeerPacketSourceAddress().getHostAddress());
        String channel = request.getRequestURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser() : "";
        boolean known = nodes.isNodeAddress(sourceIp)
                || (channel.equals(NotificationPeer.CHANNEL) && discoveredIps.get().contains(sourceIp));
        if (!known) {
            log.debug("KDMQ from {} refused: not a DMQ node", sourceIp);
            transport.reply(request, new DmqReply(403, "Forbidden - not a DMQ node", "", ""));
            return;
        }
        DmqPeer peer = peers.get(channel);
        if (peer == null) {
            transport.reply(request, new DmqReply(404, "User Not Found", "", ""));
            return;
        }
        DmqMessage message = new DmqMessage(channel, contentType(request), body(request), sender(request),
                sourceIp, maxForwards(request));
        try {
            workers.execute(() -> {
                MDC.put("peer", channel);
                MDC.put("node", sourceIp);
                try {
                    transport.reply(request, peer.onMessage(message));
                } catch (RuntimeException e) {
                    log.error("DMQ channel {} failed on a message from {}", channel, sourceIp, e);
                    transport.reply(request, new DmqReply(500, "Server Internal Error", "", ""));
                } finally {
                    MDC.remove("peer");
                    MDC.remove("node");
                }
            });
        } catch (RejectedExecutionException e) {
            transport.reply(request, new DmqReply(503, "Service Unavailable", "", ""));
        }
    }

    @Override
    public void broadcast(String channel, String contentType, String body, Predicate<DmqNode> to) {
        for (DmqNode node : nodes.snapshot()) {
            if (!node.local() && node.isActive() && to.test(node)) {
                send(node.uri(), channel, 1, contentType, body);
            }
        }
    }

    @Override
    public CompletableFuture<KdmqResponse> send(DmqUri node, String channel, int maxForwards, String contentType,
                                                String body) {
        NodeOutbox outbox = outboxes.computeIfAbsent(node, n -> new NodeOutbox(n.text(), window, 1_000_000));
        return outbox.submit(() -> transport.send(node, channel, maxForwards, contentType, body));
    }

    private Optional<DmqNode> sender(Request request) {
        try {
            return nodes.find(DmqUri.parse(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String contentType(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        return type == null ? "" : type.getContentType() + "/" + type.getContentSubType();
    }

    private static String body(Request request) {
        byte[] raw = request.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    private static int maxForwards(Request request) {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        return mf == null ? 70 : mf.getMaxForwards();
    }
}
