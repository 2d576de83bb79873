package dev.locus.dmq;

import java.util.Optional;

/** Kamailio 5.6's node states, with their names on the wire and in dmq.list_nodes. */
public enum NodeStatus {
    ACTIVE("active"),
    TIMEOUT("timeout"),
    DISABLED("disabled"),
    PENDING("pending");

    private final String wire;

    NodeStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<NodeStatus> fromWire(String text) {
        for (NodeStatus s : values()) {
            if (s.wire.equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
