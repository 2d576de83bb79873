package dev.locus.registrar.replication;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.KdmqResponse;
import dev.locus.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Live changes towards the Kamailio nodes: each change alone while they keep up, and those that queue up while
 * {@link #IN_FLIGHT} messages are unanswered go together in one {@code multi} message (dmq_usrloc's batch form,
 * which a 5.6 receiver applies entry by entry, removals included). Under an avalanche this turns thousands of KDMQ
 * transactions a second into a few dozen, on both sides, and adds no delay when the load is light.
 * <p>
 * Messages are encoded on the bus's workers, never on the thread that answered the REGISTER, and not at all while
 * no Kamailio node is active.
 */
final class UsrlocSender {

    private static final Logger log = LoggerFactory.getLogger(UsrlocSender.class);
    private static final String JSON = "application/json";
    /**
     * Messages unanswered at a time: enough to keep a distant node busy, few enough that changes queue, and so
     * batch, as soon as the receiver is slower than the registrar.
     */
    static final int IN_FLIGHT = 4;
    /** dmq_usrloc's {@code batch_msg_size} (its default and its maximum), estimated as Kamailio does. */
    static final int MAX_MESSAGE_BYTES = 60_000;
    /** Bounds the queue when the Kamailio nodes stop answering: past it the oldest change is dropped. */
    private static final int MAX_QUEUED = 1_000_000;

    private record Change(int action, Binding binding) {
    }

    private final DmqBus bus;
    private final UsrlocCodec codec;
    private final Predicate<DmqNode> isKamailio;
    private final Executor executor;
    private final int maxBatch;
    private final ArrayDeque<Change> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean flushing;
    private final AtomicLong changesSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param maxBatch changes per {@code multi} message at most */
    UsrlocSender(DmqBus bus, UsrlocCodec codec, Predicate<DmqNode> isKamailio, Executor executor, int maxBatch) {
        this.bus = bus;
        this.codec = codec;
        this.isKamailio = isKamailio;
        this.executor = executor;
        this.maxBatch = maxBatch;
    }

    void send(List<Binding> bindings, int action) {
        if (bindings.isEmpty() || targets().isEmpty()) {
            return;
        }
        synchronized (this) {
            for (Binding b : bindings) {
                if (queue.size() == MAX_QUEUED) {
                    queue.poll();
                    if (dropped.getAndIncrement() % 10_000 == 0) {
                        log.warn("usrloc changes towards Kamailio nodes are queued beyond {}: dropping the oldest",
                                MAX_QUEUED);
                    }
                }
                queue.add(new Change(action, b));
            }
            if (flushing || inFlight >= IN_FLIGHT) {
                return;
            }
            flushing = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            executor.execute(this::flush);
        } catch (RejectedExecutionException e) {
            flush(); // the workers are saturated by incoming KDMQ: this thread sends rather than leave changes behind
        }
    }

    /** One flush at a time, in a loop: takes what queued up to a batch, sends it, until the window is full. */
    private void flush() {
        while (true) {
            List<Change> batch;
            synchronized (this) {
                if (inFlight >= IN_FLIGHT || queue.isEmpty()) {
                    flushing = false;
                    return;
                }
                batch = takeBatch();
                inFlight++;
            }
            List<DmqNode> to = targets();
            if (to.isEmpty()) {
                released();
                continue;
            }
            String body = batch.size() == 1 ? codec.single(batch.get(0).action(), batch.get(0).binding())
                    : codec.multiActions(batch.stream().map(c -> new UsrlocCodec.Entry(c.action(), c.binding())).toList());
            List<CompletableFuture<KdmqResponse>> answers = new ArrayList<>(to.size());
            for (DmqNode node : to) {
                answers.add(bus.send(node.uri(), UsrlocPeer.CHANNEL, 1, JSON, body));
            }
            changesSent.addAndGet((long) batch.size() * to.size());
            messagesSent.addAndGet(to.size());
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ok, failed) -> released());
        }
    }

    private List<Change> takeBatch() {
        List<Change> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        int bytes = UsrlocCodec.MULTI_OVERHEAD;
        while (!queue.isEmpty() && batch.size() < maxBatch) {
            int size = UsrlocCodec.estimatedSize(queue.peek().binding());
            if (!batch.isEmpty() && bytes + size > MAX_MESSAGE_BYTES) {
                break;
            }
            bytes += size;
            batch.add(queue.poll());
        }
        return batch;
    }

    private void released() {
        synchronized (this) {
            inFlight--;
            if (flushing || queue.isEmpty()) {
                return;
            }
            flushing = true;
        }
        schedule();
    }

    private List<DmqNode> targets() {
        List<DmqNode> to = new ArrayList<>(2);
        for (DmqNode node : bus.nodes()) {
            if (!node.local() && node.isActive() && isKamailio.test(node)) {
                to.add(node);
            }
        }
        return to;
    }

    /** Changes sent, counted once per receiving node. */
    long changesSent() {
        return changesSent.get();
    }

    /** KDMQ messages that carried them, counted once per receiving node. */
    long messagesSent() {
        return messagesSent.get();
    }
}
