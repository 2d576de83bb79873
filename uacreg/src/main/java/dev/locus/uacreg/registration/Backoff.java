package dev.locus.uacreg.registration;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed trunk tries again: exponential from {@code base}, capped at {@code max}, spread by ±20 % so that
 * trunks failing together (a carrier outage) do not come back together. A carrier's Retry-After wins, up to a day.
 */
public record Backoff(Duration base, Duration max, DoubleSupplier random) {

    private static final long RETRY_AFTER_CAP = 86_400;

    public Duration after(int failures, int retryAfterSeconds) {
        if (retryAfterSeconds > 0) {
            return Duration.ofSeconds(Math.min(retryAfterSeconds, RETRY_AFTER_CAP));
        }
        double exponential = base.toMillis() * Math.pow(2, Math.min(Math.max(failures - 1, 0), 30));
        double capped = Math.min(exponential, max.toMillis());
        double jittered = capped * (0.8 + 0.4 * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, Math.round(jittered)));
    }
}
