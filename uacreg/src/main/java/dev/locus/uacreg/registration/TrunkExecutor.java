package dev.locus.uacreg.registration;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a node's trunks run on, reduced to what they need of it, so that a test can run them on a clock
 * it advances by hand. {@link #execute} brings a reply back onto the thread.
 */
public interface TrunkExecutor extends Executor {

    /** Runs {@code task} on the thread after {@code delay}, unless cancelled first. */
    Scheduled schedule(Runnable task, Duration delay);

    /** A task waiting for its time. Cancelling one that ran already does nothing. */
    interface Scheduled {
        Scheduled NONE = () -> {
        };

        void cancel();
    }

    /**
     * Backed by a single-thread executor: a task cancelled on that thread cannot be running, so it never runs.
     */
    static TrunkExecutor on(ScheduledExecutorService thread) {
        return new TrunkExecutor() {
            @Override
            public Scheduled schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> future = thread.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                thread.execute(task);
            }
        };
    }
}
