package dev.locus.node.config;

import java.util.Optional;

/**
 * {@code GET /metrics} on the JSON-RPC server's port. Open by default, unlike the RPC: it shows counts and changes
 * nothing, and a scraper should not have to hold the RPC's secret, which removes bindings; {@code secret}, when set,
 * is the bearer token a scrape must carry (Prometheus's {@code authorization: credentials}).
 */
public record MetricsConfig(boolean enabled, Optional<String> secret) {

    @Override
    public String toString() {
        return "MetricsConfig[enabled=" + enabled + ", secret=" + (secret.isPresent() ? "****" : "none") + "]";
    }
}
