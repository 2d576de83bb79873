package dev.locus.uacreg.registration;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A clock and a trunk thread that move only when the test moves them: tasks run on the test's thread, in the
 * order of their time and then of their submission, each seeing the clock at its own time.
 */
final class ManualTime implements TrunkExecutor {

    private final Instant start;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing(Task::at).thenComparingLong(Task::order));
    private Instant now;
    private long submitted;

    private static final class Task implements Scheduled {
        private final Instant at;
        private final long order;
        private final Runnable body;
        private boolean cancelled;

        Task(Instant at, long order, Runnable body) {
            this.at = at;
            this.order = order;
            this.body = body;
        }

        Instant at() {
            return at;
        }

        long order() {
            return order;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    ManualTime(Instant start) {
        this.start = start;
        this.now = start;
    }

    InstantSource clock() {
        return () -> now;
    }

    /** Monotonic nanoseconds, as System.nanoTime, from the same clock. */
    long nanoTime() {
        return Duration.between(start, now).toNanos();
    }

    long epochSecond() {
        return now.getEpochSecond();
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), submitted++, task);
        tasks.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    /** Runs what is due now, and what that brings about now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock on, running every task that comes due on the way at its time. */
    void advance(Duration by) {
        Instant until = now.plus(by);
        while (!tasks.isEmpty() && !tasks.peek().at().isAfter(until)) {
            Task next = tasks.poll();
            if (next.at().isAfter(now)) {
                now = next.at();
            }
            if (!next.cancelled) {
                next.body.run();
            }
        }
        now = until;
    }
}
