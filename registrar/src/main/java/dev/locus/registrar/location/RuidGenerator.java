package dev.locus.registrar.location;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Record-unique ids for new bindings, in Kamailio's shape ({@code uloc-<hex>-<hex>-<n>}): a start time, a random
 * node part, and a counter, so ids from different nodes and restarts never collide.
 */
public final class RuidGenerator {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RuidGenerator(long startEpochSeconds) {
        this.prefix = String.format(Locale.ROOT, "uloc-%x-%x-", startEpochSeconds,
                ThreadLocalRandom.current().nextInt(0x10000, 0x7fffffff));
    }

    public String next() {
        return prefix + counter.incrementAndGet();
    }
}
