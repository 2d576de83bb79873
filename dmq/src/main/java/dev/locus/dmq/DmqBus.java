package dev.locus.dmq;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The KDMQ bus as a channel sees it (Kamailio's {@code dmq_api_t}): register a channel, send to one node or
 * broadcast to the active ones. It carries bodies and knows nothing of what they mean.
 */
public interface DmqBus {

    /** @throws IllegalArgumentException when the channel is registered already */
    void register(DmqPeer peer);

    List<DmqPeer> peers();

    /** The node list now, this node included. */
    List<DmqNode> nodes();

    /** The bus's bounded worker pool, for a channel's longer jobs (a full sync) off the caller's thread. */
    Executor workers();

    /** To every active node but this one that {@code to} accepts (Kamailio's bcast_dmq_message). */
    void broadcast(String channel, String contentType, String body, Predicate<DmqNode> to);

    /** Through the node's window of outstanding requests; completes with 408 when no final answer came in time. */
    CompletableFuture<KdmqResponse> send(DmqUri node, String channel, int maxForwards, String contentType, String body);
}
