package dev.locus.registrar.replication;

import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqBus;
import dev.locus.registrar.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.Bindings;
import dev.locus.registrar.UsrlocReplication;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.LocationListener;
import dev.locus.registrar.location.LocationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The location store on the DMQ {@code usrloc} channel, in dmq_usrloc's 5.6 dialect, towards Kamailio nodes only
 * (Locus members share the store through Hazelcast): every local change goes out once, from the node that made it;
 * what arrives is applied as its owner applied it ({@link dev.locus.registrar.location.BindingOrder#ownerOverrides}),
 * answered 500 when it could not be stored, and never sent on; a sync request is answered with the whole
 * store by one Locus node, in batches that the bus's per-node window paces. Live changes go out through a
 * {@link UsrlocSender}, in {@code multi} batches when the Kamailio nodes fall behind.
 */
public final class UsrlocPeer implements DmqPeer, LocationListener, UsrlocReplication {

    public static final String CHANNEL = "usrloc";
    private static final String JSON = "application/json";
    private static final Logger log = LoggerFactory.getLogger(UsrlocPeer.class);
    /** Bounds a DMQ worker's wait when the AOR's owner is unreachable, well inside Kamailio's KDMQ transaction. */
    private static final long APPLY_TIMEOUT_SECONDS = 5;

    private final LocationStore store;
    private final DmqBus bus;
    private final UsrlocCodec codec;
    private final InstantSource clock;
    private final Predicate<DmqNode> isKamailio;
    private final Predicate<String> isMemberAddress;
    private final BooleanSupplier answersSyncs;
    private final BooleanSupplier needsSync;
    private final int batchSize;
    private final java.util.concurrent.atomic.AtomicLong syncedBindings = new java.util.concurrent.atomic.AtomicLong();
    /** When (System.nanoTime) each node last got the whole set, so that an unasked push never doubles an answer. */
    private final FullSyncs fullSyncs;
    private final UsrlocSender sender;

    /**
     * @param isKamailio   which nodes of the DMQ list are Kamailio nodes (not Hazelcast members)
     * @param isMemberAddress whether a source address is a Hazelcast member's (a Locus node)
     * @param answersSyncs whether this Locus node is the one that answers sync requests (one per cluster)
     * @param needsSync    whether, on joining, this node must ask Kamailio for its bindings (no other Locus member
     *                     holds them)
     */
    public UsrlocPeer(LocationStore store, DmqBus bus, UsrlocCodec codec, InstantSource clock,
                      Predicate<DmqNode> isKamailio, Predicate<String> isMemberAddress, BooleanSupplier answersSyncs,
                      BooleanSupplier needsSync, int batchSize) {
        this.store = store;
        this.bus = bus;
        this.codec = codec;
        this.clock = clock;
        this.isKamailio = isKamailio;
        this.isMemberAddress = isMemberAddress;
        this.answersSyncs = answersSyncs;
        this.needsSync = needsSync;
        this.batchSize = batchSize;
        this.fullSyncs = new FullSyncs(CHANNEL, bus, isKamailio, answersSyncs, this::sendFullSet);
        this.sender = new UsrlocSender(bus, codec, isKamailio, bus.workers(), batchSize);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void onChange(BindingChange cause, ChangeResult result) {
        if (cause instanceof ReplicatedUpsert || cause instanceof ReplicatedRemove) {
            return; // received over DMQ: never sent on
        }
        sender.send(result.added(), UsrlocCodec.UPDATE);
        sender.send(result.updated(), UsrlocCodec.UPDATE);
        sender.send(result.removed(), UsrlocCodec.REMOVE);
    }

    @Override
    public DmqReply onMessage(DmqMessage message) {
        if (isMemberAddress.test(message.sourceIp())) {
            // Locus members share bindings through Hazelcast and never send each other usrloc: a datagram from a
            // member's address is spoofed (KDMQ trusts the source address), or a Kamailio sharing a member's IP,
            // which the node list counts as Locus too.
            log.debug("usrloc message from member address {} refused", message.sourceIp());
            return DmqReply.forbidden("usrloc is not taken from a cluster member");
        }
        List<UsrlocCodec.Action> actions;
        try {
            actions = codec.read(message.body());
        } catch (IllegalArgumentException e) {
            log.debug("usrloc message refused: {}", e.getMessage());
            return DmqReply.badRequest();
        }
        long now = clock.instant().getEpochSecond();
        int failed = 0;
        for (UsrlocCodec.Action action : actions) {
            if (action instanceof UsrlocCodec.Update u) {
                failed += apply(u.binding().aor(), new ReplicatedUpsert(now, u.binding())) ? 0 : 1;
            } else if (action instanceof UsrlocCodec.Remove r) {
                failed += apply(r.aor(), new ReplicatedRemove(now, r.ruid())) ? 0 : 1;
            } else if (answersSyncs.getAsBoolean()) {
                fullSyncs.requested(message);
            }
        }
        // Kamailio counts a non-2xx answer as a failed replication: a change that did not land must not look sent.
        return failed == 0 ? DmqReply.OK
                : DmqReply.serverError(failed + " of " + actions.size() + " usrloc actions not applied");
    }

    /**
     * Waits for the store: a DMQ worker may block, and the order of one message's entries is kept. A failed entry
     * does not stop the rest of the message.
     */
    private boolean apply(String aor, BindingChange change) {
        try {
            store.apply(aor, change).toCompletableFuture().get(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not apply a usrloc update for {}: {}", aor, e.toString());
            return false;
        }
    }

    @Override
    public void onNodeActive(DmqNode node) {
        fullSyncs.becameActive(node);
    }

    private void sendFullSet(List<DmqNode> to) {
        long now = clock.instant().getEpochSecond();
        List<Binding> batch = new ArrayList<>(batchSize);
        long[] sent = new long[1];
        store.snapshot(now).map(Bindings::contacts).flatMap(List::stream).forEach(b -> {
            batch.add(b);
            if (batch.size() == batchSize) {
                sendBatch(to, batch);
                sent[0] += batch.size();
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            sendBatch(to, batch);
            sent[0] += batch.size();
        }
        syncedBindings.addAndGet(sent[0] * to.size());
        log.info("usrloc sync: {} bindings sent to {}", sent[0], to.stream().map(n -> n.uri().text()).toList());
    }

    private void sendBatch(List<DmqNode> to, List<Binding> batch) {
        String body = batch.size() == 1 ? codec.single(UsrlocCodec.UPDATE, batch.get(0)) : codec.multi(batch);
        for (DmqNode node : to) {
            bus.send(node.uri(), CHANNEL, 1, JSON, body);
        }
    }

    @Override
    public long syncedBindings() {
        return syncedBindings.get();
    }

    @Override
    public long changesSent() {
        return sender.changesSent();
    }

    @Override
    public long messagesSent() {
        return sender.messagesSent();
    }

    @Override
    public void onJoined() {
        if (needsSync.getAsBoolean()) {
            log.info("usrloc: asking Kamailio nodes for their bindings");
            bus.broadcast(CHANNEL, JSON, codec.syncRequest(), isKamailio);
        }
    }
}
