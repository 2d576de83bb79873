package dev.locus.uacreg.registration;

import java.time.Duration;

/**
 * Spaces REGISTERs toward carriers to at most {@code perSecond}, so a restart or a takeover of thousands of
 * trunks comes out as a steady stream. Not thread-safe: the engine's one thread owns it.
 */
public final class SendPacer {

    private final long intervalNanos;
    private long nextFree;

    public SendPacer(int perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("the REGISTER rate must be positive");
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    /** Reserves the next free slot at or after {@code nowNanos}; returns how long to wait for it. */
    public Duration reserve(long nowNanos) {
        long slot = Math.max(nowNanos, nextFree);
        nextFree = slot + intervalNanos;
        return Duration.ofNanos(slot - nowNanos);
    }
}
