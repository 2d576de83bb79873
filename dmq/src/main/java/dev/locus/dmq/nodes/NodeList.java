package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NodeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The DMQ node list with Kamailio 5.6.3's rules, newest first, merged from notification bodies without ever
 * removing an entry for being absent, and moved through the status transitions of a ping's answer or timeout.
 * Unlike Kamailio, entries are keyed by address (host names are resolved when read), so a name and its address
 * are one node and stale gossip cannot add a ghost.
 */
public final class NodeList {

    private final List<DmqNode> nodes = new ArrayList<>();
    private DmqNode local;

    public NodeList(DmqUri localUri, String localIp) {
        this.local = new DmqNode(localUri, localIp, NodeStatus.ACTIVE, true, false);
        nodes.add(local);
    }

    public synchronized DmqNode local() {
        return local;
    }

    /** Active while this node is a member; disabled once it left (its own line then says so, as Kamailio's). */
    public synchronized void setLocalStatus(NodeStatus status) {
        local = local.withStatus(status);
        replace(local);
    }

    public synchronized boolean isMember() {
        return local.status() == NodeStatus.ACTIVE;
    }

    public synchronized List<DmqNode> snapshot() {
        return List.copyOf(nodes);
    }

    public synchronized Optional<DmqNode> find(DmqUri uri) {
        return nodes.stream().filter(n -> n.uri().equals(uri)).findFirst();
    }

    /** Is this address (a request's source) the resolved address of a non-local node, whatever its status? */
    public synchronized boolean isNodeAddress(String ip) {
        return nodes.stream().anyMatch(n -> !n.local() && n.resolvedIp().equals(ip));
    }

    public synchronized boolean onlyLocal() {
        return nodes.size() == 1;
    }

    /** Adds a discovered node (a seed) unless an entry with that URI exists. */
    public synchronized boolean addSeed(DmqUri uri, String resolvedIp) {
        if (find(uri).isPresent()) {
            return false;
        }
        nodes.add(0, new DmqNode(uri, resolvedIp, NodeStatus.PENDING, false, true));
        return true;
    }

    /**
     * Merges a received body (section 2.4 of the reference): unknown nodes are added with the line's status;
     * a known non-local node takes the line's status unless it is disabled. Lines whose host cannot be resolved are
     * skipped.
     *
     * @return how many entries were added or changed
     */
    public synchronized int merge(List<NotificationBody.Line> lines, Function<String, Optional<String>> resolve) {
        int changes = 0;
        for (NotificationBody.Line read : lines) {
            // A node named by host name is the same node as its address: keyed by the address, never twice.
            Optional<String> ip = resolve.apply(read.uri().host());
            if (ip.isEmpty()) {
                continue;
            }
            DmqUri uri = new DmqUri(ip.get(), read.uri().port(), read.uri().proto());
            Optional<DmqNode> known = find(uri);
            NodeStatus status = read.status().orElse(NodeStatus.PENDING);
            if (known.isEmpty()) {
                nodes.add(0, new DmqNode(uri, ip.get(), status, false, false));
                changes++;
            } else if (!known.get().local() && known.get().status() != NodeStatus.DISABLED
                    && known.get().status() != status) {
                replace(known.get().withStatus(status));
                changes++;
            }
        }
        return changes;
    }

    /** The node answered a notification or ping. */
    public synchronized void markActive(DmqUri uri) {
        find(uri).filter(n -> !n.local()).ifPresent(n -> replace(n.withStatus(NodeStatus.ACTIVE)));
    }

    /**
     * The node did not answer a notification or ping sent while it had {@code statusWhenSent}: a seed goes back to
     * pending; another node is disabled, and removed if it was already disabled.
     */
    public synchronized void timedOut(DmqUri uri, NodeStatus statusWhenSent) {
        Optional<DmqNode> node = find(uri).filter(n -> !n.local());
        if (node.isEmpty()) {
            return;
        }
        DmqNode n = node.get();
        if (n.seed()) {
            replace(n.withStatus(NodeStatus.PENDING));
        } else if (statusWhenSent == NodeStatus.DISABLED) {
            nodes.remove(n);
        } else {
            replace(n.withStatus(NodeStatus.DISABLED));
        }
    }

    /** Removes a non-local node (dmq.remove; a node that left the discovery name). */
    public synchronized boolean remove(DmqUri uri) {
        Optional<DmqNode> node = find(uri).filter(n -> !n.local());
        node.ifPresent(nodes::remove);
        return node.isPresent();
    }

    /** Own line plus every active node, as Kamailio writes its bodies. */
    public synchronized String body() {
        return NotificationBody.write(nodes.stream().filter(n -> n.local() || n.isActive()).toList());
    }

    private void replace(DmqNode updated) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).uri().equals(updated.uri())) {
                nodes.set(i, updated);
                return;
            }
        }
    }
}
