package dev.locus.node.rpc;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value recomputed at most once per interval of real (monotonic) time: statistics whose computation scans a
 * whole map, asked for several at a time by one stats call.
 */
final class Recent<T> implements Supplier<T> {

    private record Snapshot<T>(long atNanos, T value) {
    }

    private final Supplier<T> compute;
    private final long maxAgeNanos;
    private volatile Snapshot<T> last;

    Recent(Supplier<T> compute, Duration maxAge) {
        this.compute = compute;
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public T get() {
        long now = System.nanoTime();
        Snapshot<T> s = last;
        if (s == null || now - s.atNanos() >= maxAgeNanos) {
            s = new Snapshot<>(now, compute.get());
            last = s;
        }
        return s.value();
    }
}
