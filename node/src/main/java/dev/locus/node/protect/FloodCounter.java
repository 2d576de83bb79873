package dev.locus.node.protect;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Requests per source address per sampling window, as Kamailio's pike counts them: fixed windows (pike's
 * {@code sampling_time_unit}), a source over {@code limit} in one window is reported once in that window. Node-local
 * and lock-free: one map lookup and one compare-and-set per request, so it can run on the UDP receiver before
 * anything is parsed. Each source's window and count share one long (window in the high half, count in the low),
 * so a new window resets the count in the same atomic step that counts.
 */
public final class FloodCounter {

    private final int limit;
    private final long windowNanos;
    private final int maxSources;
    private final LongSupplier nanoTime;
    private final long origin;
    private final ConcurrentHashMap<InetAddress, AtomicLong> counts = new ConcurrentHashMap<>();
    /** The last window whose start pruned the counts of older ones. */
    private final AtomicInteger pruned = new AtomicInteger();

    /**
     * @param maxSources sources counted at once at most; beyond, a new source is not counted until stale ones are
     *                   pruned (a spoofed flood cannot grow the map without bound)
     */
    public FloodCounter(int limit, Duration window, int maxSources, LongSupplier nanoTime) {
        if (limit < 1 || window.isNegative() || window.isZero() || maxSources < 1) {
            throw new IllegalArgumentException("limit " + limit + ", window " + window + ", sources " + maxSources);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    /**
     * Counts one request.
     *
     * @return true exactly once per window and source: for the request that takes it over the limit
     */
    public boolean overLimit(InetAddress source) {
        int window = window();
        AtomicLong state = counts.get(source);
        if (state == null) {
            if (counts.size() >= maxSources) {
                prune(window);
                if (counts.size() >= maxSources) {
                    return false;
                }
            }
            state = counts.computeIfAbsent(source, s -> new AtomicLong(pack(window, 0)));
        }
        while (true) {
            long current = state.get();
            int count = windowOf(current) == window ? countOf(current) : 0;
            if (count > limit) {
                return false; // reported already; nothing more to learn this window
            }
            if (state.compareAndSet(current, pack(window, count + 1))) {
                return count + 1 == limit + 1;
            }
        }
    }

    /**
     * Whether a window began since the last prune: the caller then runs {@link #prune()} off the hot path (the
     * first caller in a window is told, the others not).
     */
    public boolean pruneDue() {
        int window = window();
        int last = pruned.get();
        return window > last + 1 && pruned.compareAndSet(last, window - 1);
    }

    /** Forgets the sources not counted in this window or the previous one. */
    public void prune() {
        prune(window());
    }

    private void prune(int window) {
        counts.values().removeIf(state -> windowOf(state.get()) < window - 1);
    }

    int sources() {
        return counts.size();
    }

    private int window() {
        return (int) ((nanoTime.getAsLong() - origin) / windowNanos);
    }

    private static long pack(int window, int count) {
        return ((long) window << 32) | (count & 0xFFFFFFFFL);
    }

    private static int windowOf(long state) {
        return (int) (state >>> 32);
    }

    private static int countOf(long state) {
        return (int) state;
    }
}
