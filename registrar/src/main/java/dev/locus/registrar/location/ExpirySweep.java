package dev.locus.registrar.location;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The usrloc timer: every interval, each member purges the expired bindings of the AORs it owns, so memory does
 * not hold dead contacts and the expiry is reported (reads already hide expired bindings in between).
 */
public final class ExpirySweep {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final HazelcastLocationStore store;
    private final InstantSource clock;

    public ExpirySweep(HazelcastLocationStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Runs a pass every interval on the timer, until the timer is shut down by its owner. */
    public void scheduleOn(ScheduledExecutorService timer, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive: " + interval);
        }
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::sweepOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One pass, also callable directly (tests drive it with a fake clock). */
    public void sweepOnce() {
        try {
            store.sweepLocalKeys(clock.instant().getEpochSecond());
        } catch (RuntimeException e) {
            // Never let one failed pass cancel the schedule.
            log.warn("expiry sweep failed; next pass will retry", e);
        }
    }
}
