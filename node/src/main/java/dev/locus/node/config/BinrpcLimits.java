package dev.locus.node.config;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What binrpc clients may cost: stream connections open at once (also the UDP requests running at once), how long a
 * connection may stay silent, the largest request and reply packets, and who may use a unix socket (its file mode,
 * ctl's {@code mode}, 0600 by default).
 */
public record BinrpcLimits(int maxConnections, Duration idleTimeout, int maxRequestBytes, int maxReplyBytes,
                           Set<PosixFilePermission> socketMode) {

    public BinrpcLimits {
        if (maxConnections < 1 || maxRequestBytes < 64 || maxReplyBytes < 256) {
            throw new IllegalArgumentException("binrpc limits out of range: connections " + maxConnections
                    + ", request " + maxRequestBytes + ", reply " + maxReplyBytes);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        socketMode = Set.copyOf(socketMode);
    }
}
