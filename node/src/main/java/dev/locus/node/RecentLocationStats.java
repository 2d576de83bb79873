package dev.locus.node;

import dev.locus.registrar.location.LocationStats;
import dev.locus.registrar.location.LocationStore;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Location counts for statistics, recomputed at most once per interval of real (monotonic) time: each
 * computation scans the whole store, and one stats call asks for several counts at once.
 */
final class RecentLocationStats {

    private record Snapshot(long atNanos, LocationStats stats) {
    }

    private final LocationStore store;
    private final InstantSource clock;
    private final long maxAgeNanos;
    private volatile Snapshot last;

    RecentLocationStats(LocationStore store, InstantSource clock, Duration maxAge) {
        this.store = store;
        this.clock = clock;
        this.maxAgeNanos = maxAge.toNanos();
    }

    LocationStats get() {
        long now = System.nanoTime();
        Snapshot s = last;
        if (s == null || now - s.atNanos() >= maxAgeNanos) {
            s = new Snapshot(now, store.stats(clock.instant().getEpochSecond()));
            last = s;
        }
        return s.stats();
    }
}
