package dev.locus.registrar.replication;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.KdmqResponse;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableListener;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.Htables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The tables with {@code dmqreplicate=1} on the DMQ {@code htable} channel, in htable's 5.6 dialect, towards
 * Kamailio nodes only (Locus members share the tables through Hazelcast): every local change goes out once, from
 * the node that made it (in order per item and node); what arrives is applied as Kamailio's receiver applies it
 * and never sent on; a sync request is answered with every live item by one Locus node.
 */
public final class HtablePeer implements DmqPeer, HtableListener {

    public static final String CHANNEL = "htable";
    private static final String JSON = "application/json";
    private static final Logger log = LoggerFactory.getLogger(HtablePeer.class);

    private final Htables htables;
    private final Set<String> replicated;
    private final DmqBus bus;
    private final HtableCodec codec;
    private final InstantSource clock;
    private final Predicate<DmqNode> isKamailio;
    private final Predicate<String> isMemberAddress;
    private final BooleanSupplier answersSyncs;
    private final BooleanSupplier needsSync;
    private final AtomicLong syncedItems = new AtomicLong();
    private final FullSyncs fullSyncs;
    /** Per node and item, the last change sent and not yet answered (see {@link #sendInOrder}). */
    private final Map<List<Object>, CompletableFuture<KdmqResponse>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param isKamailio      which nodes of the DMQ list are Kamailio nodes (not Hazelcast members)
     * @param isMemberAddress whether a source address is a Hazelcast member's (a Locus node)
     * @param answersSyncs    whether this Locus node is the one that answers sync requests (one per cluster)
     * @param needsSync       whether, on joining, this node must ask Kamailio for its items (no other Locus member
     *                        holds them)
     */
    public HtablePeer(Htables htables, DmqBus bus, HtableCodec codec, InstantSource clock,
                      Predicate<DmqNode> isKamailio, Predicate<String> isMemberAddress, BooleanSupplier answersSyncs,
                      BooleanSupplier needsSync) {
        this.htables = htables;
        this.replicated = htables.specs().stream().filter(HtableSpec::dmqreplicate).map(HtableSpec::name)
                .collect(Collectors.toUnmodifiableSet());
        this.bus = bus;
        this.codec = codec;
        this.clock = clock;
        this.isKamailio = isKamailio;
        this.isMemberAddress = isMemberAddress;
        this.answersSyncs = answersSyncs;
        this.needsSync = needsSync;
        this.fullSyncs = new FullSyncs(CHANNEL, bus, isKamailio, answersSyncs, this::sendAll);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void onChange(HtableChange change) {
        if (!replicated.contains(change.table())) {
            return;
        }
        String body = codec.action(change);
        Optional<String> item = itemOf(change);
        for (DmqNode node : bus.nodes()) {
            if (node.local() || !node.isActive() || !isKamailio.test(node)) {
                continue;
            }
            if (item.isEmpty()) {
                bus.send(node.uri(), CHANNEL, 1, JSON, body);
            } else {
                sendInOrder(List.of(node.uri(), change.table(), item.get()), node.uri(), body);
            }
        }
    }

    private static Optional<String> itemOf(HtableChange change) {
        if (change instanceof HtableChange.Set s) {
            return Optional.of(s.name());
        } else if (change instanceof HtableChange.Expire e) {
            return Optional.of(e.name());
        } else if (change instanceof HtableChange.Delete d) {
            return Optional.of(d.name());
        }
        return Optional.empty();
    }

    /**
     * A change of an item leaves for a node only once that node answered the previous one for the same item:
     * Kamailio applies messages on parallel workers, so the expiry that follows a set ({@code setxs}), or a delete
     * right after a set, could otherwise overtake it there and leave the item different from ours.
     */
    private void sendInOrder(List<Object> key, DmqUri to, String body) {
        @SuppressWarnings("unchecked")
        CompletableFuture<KdmqResponse>[] sent = new CompletableFuture[1];
        inFlight.compute(key, (k, previous) -> sent[0] = previous == null
                ? bus.send(to, CHANNEL, 1, JSON, body)
                : previous.handle((r, e) -> null).thenCompose(x -> bus.send(to, CHANNEL, 1, JSON, body)));
        sent[0].whenComplete((r, e) -> inFlight.remove(key, sent[0]));
    }

    @Override
    public DmqReply onMessage(DmqMessage message) {
        if (isMemberAddress.test(message.sourceIp())) {
            // Locus members share the tables through Hazelcast and never send each other htable: a datagram from
            // a member's address is spoofed (KDMQ trusts the source address).
            log.debug("htable message from member address {} refused", message.sourceIp());
            return DmqReply.forbidden("htable is not taken from a cluster member");
        }
        HtableCodec.Message read;
        try {
            read = codec.read(message.body());
        } catch (HtableCodec.Refused e) {
            log.debug("htable message refused: {}", e.getMessage());
            // Kamailio's 500s (no such action, a regex that does not compile) say "refused", so that a reader (and
            // the fuzzer) tells them from a failure of this node; no text of the message goes into the reason.
            return e.badRequest() ? DmqReply.badRequest() : DmqReply.serverError("refused: " + e.reason());
        }
        try {
            if (read instanceof HtableCodec.SyncRequest) {
                if (answersSyncs.getAsBoolean()) {
                    fullSyncs.requested(message);
                }
                return DmqReply.OK;
            }
            if (read instanceof HtableCodec.Change c) {
                if (htables.applyReceived(c.change())) {
                    return DmqReply.OK;
                }
                log.debug("htable action for unknown table {} refused", c.change().table());
                return DmqReply.serverError("refused: no such table");
            }
            applyCells(((HtableCodec.Cells) read).cells());
            return DmqReply.OK;
        } catch (HtableUnavailableException e) {
            log.warn("could not apply an htable message: {}", e.getMessage());
            return DmqReply.serverError("htable unavailable");
        }
    }

    /** Per table at once; cells of unknown tables are skipped, as Kamailio skips them and still answers 200. */
    private void applyCells(List<HtableCodec.Cell> cells) {
        Map<String, List<HtItem>> byTable = new LinkedHashMap<>();
        cells.forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c.item()));
        byTable.forEach((table, items) -> {
            if (!htables.applySynced(table, items)) {
                log.info("htable sync: {} items of table {} skipped: no such table here (every node must define "
                        + "the same tables)", items.size(), table);
            }
        });
    }

    @Override
    public void onNodeActive(DmqNode node) {
        fullSyncs.becameActive(node);
    }

    private void sendAll(List<DmqNode> to) {
        long now = clock.instant().getEpochSecond();
        List<HtableCodec.Cell> cells = new ArrayList<>();
        for (HtableSpec spec : htables.specs()) {
            if (!spec.dmqreplicate()) {
                continue;
            }
            Htable table = htables.table(spec.name()).orElseThrow();
            for (HtItem item : table.items()) {
                // Kamailio leaves out an item of an expiring table that expires this very second too (and, by a
                // quirk, one made never to expire: sent here, the receiver gives it the table's autoexpire).
                if (spec.autoexpire() > 0 && item.expire() != 0 && item.expire() <= now) {
                    continue;
                }
                cells.add(new HtableCodec.Cell(spec.name(), item));
            }
        }
        List<String> messages = codec.cells(cells);
        for (DmqNode node : to) {
            messages.forEach(body -> bus.send(node.uri(), CHANNEL, 1, JSON, body));
        }
        syncedItems.addAndGet((long) cells.size() * to.size());
        log.info("htable sync: {} items in {} messages sent to {}", cells.size(), messages.size(),
                to.stream().map(n -> n.uri().text()).toList());
    }

    /** Items sent in full-sync answers since start, counted once per receiving node. */
    public long syncedItems() {
        return syncedItems.get();
    }

    @Override
    public void onJoined() {
        if (needsSync.getAsBoolean() && !replicated.isEmpty()) {
            log.info("htable: asking Kamailio nodes for their items");
            bus.broadcast(CHANNEL, JSON, codec.syncRequest(), isKamailio);
        }
    }
}
