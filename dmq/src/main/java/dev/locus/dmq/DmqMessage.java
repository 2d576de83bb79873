package dev.locus.dmq;

import java.util.Objects;
import java.util.Optional;

/**
 * A KDMQ request as a channel sees it.
 *
 * @param from        the sender's entry in the node list, found by its From URI; empty when unknown
 * @param maxForwards the request's Max-Forwards
 */
public record DmqMessage(String channel, String contentType, String body, Optional<DmqNode> from, String sourceIp,
                         int maxForwards) {

    public DmqMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
