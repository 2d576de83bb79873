package dev.locus.node.rpc;

import dev.locus.node.health.Readiness;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the RPC's HTTP server also serves: {@code GET /metrics} (when {@code metricsOn}, behind {@code metricsSecret}
 * when one is set) and {@code GET /health/live}, {@code /health/ready} (always open: they tell only up or down).
 */
public record Observability(boolean metricsOn, Optional<String> metricsSecret, Supplier<String> scrape,
                            Supplier<Readiness.Report> readiness) {

    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
}
