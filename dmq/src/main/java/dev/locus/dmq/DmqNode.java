package dev.locus.dmq;

import java.util.Objects;

/**
 * An entry of the DMQ node list.
 *
 * @param resolvedIp the address the URI's host resolved to when the entry was made
 * @param seed       whether the entry came from discovery (a seed is set back to pending, never removed, on a timeout)
 */
public record DmqNode(DmqUri uri, String resolvedIp, NodeStatus status, boolean local, boolean seed) {

    public DmqNode {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(resolvedIp, "resolvedIp");
        Objects.requireNonNull(status, "status");
    }

    public DmqNode withStatus(NodeStatus newStatus) {
        return new DmqNode(uri, resolvedIp, newStatus, local, seed);
    }

    public boolean isActive() {
        return status == NodeStatus.ACTIVE;
    }
}
