package dev.locus.node.sip;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One log line per interval for a kind of event that a peer can cause at any rate: the first event is reported at
 * once, the ones after it are counted and reported together once the interval has passed.
 */
public final class EventSummary {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastReport;
    private boolean reportedOnce;
    private long held;

    public EventSummary(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one event. @return how many events to report now (this one included), or 0: not yet */
    public synchronized long record() {
        held++;
        return due();
    }

    /** @return the events held back, to report now that the interval has passed, or 0 */
    synchronized long due() {
        long now = nanoTime.getAsLong();
        if (held == 0 || (reportedOnce && now - lastReport < intervalNanos)) {
            return 0;
        }
        long report = held;
        held = 0;
        lastReport = now;
        reportedOnce = true;
        return report;
    }
}
