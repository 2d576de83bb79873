package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NodeStatus;
import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.discovery.DiscoveredNodes;
import dev.locus.dmq.discovery.Discovery;
import dev.locus.dmq.discovery.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node discovery and membership, exactly as Kamailio 5.6's {@code notification_peer}: start-up notifications with
 * Max-Forwards 2, merge of every body received, re-broadcast when something was learned, pings with
 * Max-Forwards 1 to every node on the list, and the status transitions of their answers. Unlike Kamailio it also
 * re-resolves the discovery name on every ping, so nodes added to DNS are notified and nodes removed from DNS are
 * dropped without a restart; DNS trouble and the node's own removal go through {@link DiscoveredNodes}.
 */
public final class NotificationPeer implements DmqPeer {

    /** Kamailio's membership channel: answered, unlike the others, for any address the discovery name resolves to. */
    public static final String CHANNEL = "notification_peer";

    private static final Logger log = LoggerFactory.getLogger(NotificationPeer.class);
    private static final String TEXT = "text/plain";

    private final NodeList nodes;
    private final DmqBus bus;
    private final Discovery discovery;
    private final DiscoveredNodes discoveredNodes;
    private final AtomicBoolean joined = new AtomicBoolean();
    private final Runnable onRemoved;
    private final AtomicLong troubledRounds = new AtomicLong();
    private volatile Set<DmqUri> discovered = Set.of();

    /** @param onRemoved what else the node does when it finds itself removed from the discovery name */
    public NotificationPeer(NodeList nodes, DmqBus bus, Discovery discovery, DiscoveredNodes discoveredNodes,
                            Runnable onRemoved) {
        this.nodes = nodes;
        this.bus = bus;
        this.discovery = discovery;
        this.discoveredNodes = discoveredNodes;
        this.onRemoved = onRemoved;
    }

    /** The nodes the discovery name stood for at its last good answer (held through DNS trouble). */
    public Set<DmqUri> discovered() {
        return discovered;
    }

    /** Rounds in which the discovery name failed or answered nothing. */
    public long troubledRounds() {
        return troubledRounds.get();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** The addresses the discovery name resolved to last time. */
    public Set<String> discoveredIps() {
        Set<String> ips = new HashSet<>();
        discovered.forEach(u -> ips.add(u.host()));
        return ips;
    }

    @Override
    public DmqReply onMessage(DmqMessage message) {
        int hops = message.maxForwards() - 1;
        Set<DmqUri> activeBefore = activeUris();
        int changes = nodes.merge(NotificationBody.read(message.body()), discovery::resolveHost);
        announceNewlyActive(activeBefore);
        DmqReply reply = DmqReply.ok(TEXT, nodes.body());
        if (changes > 0 && hops > 0) {
            String body = message.body().endsWith("\n") ? message.body() : message.body() + "\r\n";
            for (DmqNode node : nodes.snapshot()) {
                if (!node.local() && node.isActive()) {
                    bus.send(node.uri(), channel(), hops, TEXT, body);
                }
            }
        }
        if (changes > 0) {
            log.info("DMQ node list changed: {}", nodes.snapshot().stream().map(n -> n.uri() + "=" + n.status().wire()).toList());
        }
        joinedOnce();
        return reply;
    }

    /** Start-up: discover, then notify every other node with Max-Forwards 2. */
    public void start() {
        rediscover();
        for (DmqNode node : nodes.snapshot()) {
            if (!node.local()) {
                exchange(node, 2);
            }
        }
    }

    /** Nodes new to the discovery name get a start-up notification (Max-Forwards 2), the others a ping. */
    private void pingAll(Set<DmqUri> added) {
        for (DmqNode node : nodes.snapshot()) {
            if (!node.local()) {
                exchange(node, added.contains(node.uri()) ? 2 : 1);
            }
        }
    }

    /** One ping round (the timer's job): re-seed when alone, else ping every other node, whatever its status. */
    public void ping() {
        if (!nodes.isMember()) {
            return; // left for good: a restart rejoins, if the name lists this node again
        }
        if (nodes.onlyLocal()) {
            joined.set(false);
            start();
            return;
        }
        pingAll(rediscover());
    }

    /** Adds what the name resolves to now, and drops discovered nodes that left it; returns the new ones. */
    Set<DmqUri> rediscover() {
        Resolution resolution = discovery.resolve();
        if (!(resolution instanceof Resolution.Answer answer) || answer.nodes().isEmpty()) {
            troubledRounds.incrementAndGet();
        }
        DiscoveredNodes.View view = discoveredNodes.observe(resolution);
        Set<DmqUri> now = view.nodes();
        if (view.removed()) {
            log.warn("this node was removed from the discovery name ({} answers in a row without it): leaving the cluster",
                    DiscoveredNodes.ABSENT_ANSWERS_TO_LEAVE);
            leave();
            nodes.setLocalStatus(NodeStatus.DISABLED);
            discovered = now;
            onRemoved.run();
            return Set.of();
        }
        Set<DmqUri> added = new HashSet<>();
        for (DmqUri uri : now) {
            if (!uri.equals(nodes.local().uri()) && nodes.addSeed(uri, uri.host())) {
                log.info("DMQ discovered {}", uri);
                added.add(uri);
            }
        }
        for (DmqUri gone : discovered) {
            if (!now.contains(gone) && nodes.remove(gone)) {
                log.info("DMQ node {} left the discovery name: removed", gone);
            }
        }
        discovered = now;
        return added;
    }

    private void exchange(DmqNode node, int maxForwards) {
        NodeStatus statusWhenSent = node.status();
        bus.send(node.uri(), channel(), maxForwards, TEXT, nodes.body()).thenAccept(response -> answered(node, statusWhenSent, response));
    }

    private void answered(DmqNode node, NodeStatus statusWhenSent, KdmqResponse response) {
        if (response.ok()) {
            Set<DmqUri> activeBefore = activeUris();
            nodes.markActive(node.uri());
            nodes.merge(NotificationBody.read(response.body()), discovery::resolveHost);
            announceNewlyActive(activeBefore);
            joinedOnce();
        } else if (response.status() == 408) {
            nodes.timedOut(node.uri(), statusWhenSent);
            log.info("DMQ node {} did not answer: now {}", node.uri(),
                    nodes.find(node.uri()).map(n -> n.status().wire()).orElse("removed"));
        }
    }

    private Set<DmqUri> activeUris() {
        Set<DmqUri> active = new HashSet<>();
        nodes.snapshot().stream().filter(n -> !n.local() && n.isActive()).forEach(n -> active.add(n.uri()));
        return active;
    }

    /**
     * Tells the channels of nodes that just became active. A Kamailio node that starts while being pinged can run
     * its one-time sync request before its usrloc is ready and never ask again; this lets a channel send the
     * node what it needs anyway.
     */
    private void announceNewlyActive(Set<DmqUri> activeBefore) {
        for (DmqNode node : nodes.snapshot()) {
            if (!node.local() && node.isActive() && !activeBefore.contains(node.uri())) {
                log.info("DMQ node {} is active", node.uri());
                for (DmqPeer peer : bus.peers()) {
                    if (peer != this) {
                        peer.onNodeActive(node);
                    }
                }
            }
        }
    }

    /** Kamailio's "init done": the channels' join callbacks (full-sync requests) run once per joining. */
    private void joinedOnce() {
        if (joined.compareAndSet(false, true)) {
            for (DmqPeer peer : bus.peers()) {
                if (peer != this) {
                    peer.onJoined();
                }
            }
        }
    }

    /** Leaving: tell every node we are disabled, so they stop sending at once. */
    public void leave() {
        String body = nodes.local().uri().text() + ";status=disabled\r\n";
        for (DmqNode node : nodes.snapshot()) {
            if (!node.local()) {
                bus.send(node.uri(), channel(), 1, TEXT, body);
            }
        }
    }
}
