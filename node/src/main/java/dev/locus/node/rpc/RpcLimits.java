package dev.locus.node.rpc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one client may cost the endpoint: the body it sends, the requests in one batch, the bytes of the answer,
 * how long its connection may stay silent, how many connections there may be, and the shared secret it must show.
 */
public record RpcLimits(int maxBodyBytes, int maxBatch, int maxResponseBytes, Duration idleTimeout,
                        int maxConnections, Optional<String> secret) {

    public static final int DEFAULT_MAX_BATCH = 100;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    public RpcLimits {
        if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
        }
        if (maxBatch < 1 || maxResponseBytes < 1024 || maxConnections < 1) {
            throw new IllegalArgumentException("RPC limits out of range: batch " + maxBatch + ", response "
                    + maxResponseBytes + ", connections " + maxConnections);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        secret = Objects.requireNonNull(secret, "secret").filter(s -> !s.isEmpty());
    }

    /** The defaults of the node's settings, with this body limit and no secret. */
    public static RpcLimits withBodyLimit(int maxBodyBytes) {
        return new RpcLimits(maxBodyBytes, DEFAULT_MAX_BATCH, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, Optional.empty());
    }

    @Override
    public String toString() {
        // A record prints every component; the secret must not reach a log that way.
        return "RpcLimits[maxBodyBytes=" + maxBodyBytes + ", maxBatch=" + maxBatch + ", maxResponseBytes="
                + maxResponseBytes + ", idleTimeout=" + idleTimeout + ", maxConnections=" + maxConnections
                + ", secret=" + (secret.isPresent() ? "****" : "none") + "]";
    }
}
