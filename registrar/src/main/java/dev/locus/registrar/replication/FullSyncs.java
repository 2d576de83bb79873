package dev.locus.registrar.replication;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Who gets a channel's whole data set, and when, for the channels that answer Kamailio's sync requests (usrloc,
 * htable): the node that asked (or every active Kamailio node when the request names none), and a Kamailio node
 * that became active and has not asked within {@link #UNASKED_DELAY}. A 5.6.3 node runs its one-time sync request
 * at its first DMQ exchange, which can come before this node counts it as active, and then never asks again; one
 * that does ask is answered as usual, and only once.
 */
final class FullSyncs {

    private static final Logger log = LoggerFactory.getLogger(FullSyncs.class);
    private static final Duration UNASKED_DELAY = Duration.ofSeconds(1);

    private final String channel;
    private final DmqBus bus;
    private final Predicate<DmqNode> isKamailio;
    private final BooleanSupplier answersSyncs;
    private final Consumer<List<DmqNode>> sendAll;
    /** When (System.nanoTime) each node last got the whole set, so that an unasked push never doubles an answer. */
    private final Map<DmqUri, Long> lastFullSync = new ConcurrentHashMap<>();

    /** @param sendAll sends the whole set to these nodes (called on a bus worker) */
    FullSyncs(String channel, DmqBus bus, Predicate<DmqNode> isKamailio, BooleanSupplier answersSyncs,
              Consumer<List<DmqNode>> sendAll) {
        this.channel = channel;
        this.bus = bus;
        this.isKamailio = isKamailio;
        this.answersSyncs = answersSyncs;
        this.sendAll = sendAll;
    }

    /** A sync request came: the node it is from gets the set, or every active Kamailio node if it names none. */
    void requested(DmqMessage request) {
        send(request.from().filter(isKamailio).map(List::of).orElseGet(() ->
                bus.nodes().stream().filter(n -> !n.local() && n.isActive() && isKamailio.test(n)).toList()));
    }

    void becameActive(DmqNode node) {
        if (!isKamailio.test(node) || !answersSyncs.getAsBoolean()) {
            return;
        }
        long activeSince = System.nanoTime();
        CompletableFuture.runAsync(() -> {
            Long last = lastFullSync.get(node.uri());
            if (last == null || last - activeSince < 0) {
                log.info("{}: {} became active without asking for a sync: sending the whole set", channel, node.uri());
                send(List.of(node));
            }
        }, CompletableFuture.delayedExecutor(UNASKED_DELAY.toMillis(), TimeUnit.MILLISECONDS, bus.workers()));
    }

    private void send(List<DmqNode> to) {
        to.forEach(n -> lastFullSync.put(n.uri(), System.nanoTime()));
        if (!to.isEmpty()) {
            sendAll.accept(to);
        }
    }
}
