package dev.locus.registrar.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts challenges sent (401 to REGISTER, 407 to proxied requests), requests authenticated, and failures. */
public final class AuthMetrics {

    private final Counter challenges;
    private final Counter successes;
    private final Counter failures;

    public AuthMetrics(MeterRegistry registry) {
        this.challenges = Counter.builder("locus.auth.challenges").description("digest challenges sent (401 and 407)").register(registry);
        this.successes = Counter.builder("locus.auth.successes").description("requests authenticated (REGISTER and proxied)").register(registry);
        this.failures = Counter.builder("locus.auth.failures").description("failed authentications").register(registry);
    }

    public void challenge() {
        challenges.increment();
    }

    public void success() {
        successes.increment();
    }

    public void failure() {
        failures.increment();
    }

    public long challengeCount() {
        return (long) challenges.count();
    }

    public long successCount() {
        return (long) successes.count();
    }

    public long failureCount() {
        return (long) failures.count();
    }
}
