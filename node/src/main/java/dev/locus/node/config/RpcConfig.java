package dev.locus.node.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The JSON-RPC endpoint; loopback by default, because it can remove every binding and show trunk passwords. The
 * limits bound what one client can cost it; {@code secret}, when set, is the bearer token every request must carry.
 */
public record RpcConfig(String address, int port, int maxBodyBytes, int threads, int maxBatch, int maxResponseBytes,
                        Duration idleTimeout, int maxConnections, Optional<String> secret) {

    @Override
    public String toString() {
        // A record prints every component; the secret must not reach a log that way.
        return "RpcConfig[address=" + address + ", port=" + port + ", secret=" + (secret.isPresent() ? "****" : "none") + "]";
    }
}
