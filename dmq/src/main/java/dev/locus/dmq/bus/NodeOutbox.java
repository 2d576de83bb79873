package dev.locus.dmq.bus;

import dev.locus.dmq.KdmqResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Flow control towards one node: at most {@code window} KDMQ transactions outstanding, the rest queued (bounded),
 * so a large sync never floods a peer (Kamailio's own unthrottled sync exhausts its memory and loses contacts).
 */
final class NodeOutbox {

    private static final Logger log = LoggerFactory.getLogger(NodeOutbox.class);

    private record Job(Supplier<CompletableFuture<KdmqResponse>> send, CompletableFuture<KdmqResponse> result) {
    }

    private final String node;
    private final int window;
    private final int maxQueued;
    private final Queue<Job> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean draining;

    NodeOutbox(String node, int window, int maxQueued) {
        this.node = node;
        this.window = window;
        this.maxQueued = maxQueued;
    }

    CompletableFuture<KdmqResponse> submit(Supplier<CompletableFuture<KdmqResponse>> send) {
        CompletableFuture<KdmqResponse> result = new CompletableFuture<>();
        synchronized (this) {
            if (queue.size() >= maxQueued) {
                log.warn("DMQ queue towards {} is full ({} messages): dropping one", node, maxQueued);
                result.complete(new KdmqResponse(503, ""));
                return result;
            }
            queue.add(new Job(send, result));
        }
        drain();
        return result;
    }

    /** One thread drains at a time, in a loop: a send that completes at once must not recurse. */
    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Job job;
            synchronized (this) {
                if (inFlight >= window || queue.isEmpty()) {
                    draining = false;
                    return;
                }
                job = queue.poll();
                inFlight++;
            }
            job.send().get().whenComplete((response, failure) -> {
                synchronized (this) {
                    inFlight--;
                }
                job.result().complete(failure == null ? response : KdmqResponse.TIMEOUT);
                drain();
            });
        }
    }
}
