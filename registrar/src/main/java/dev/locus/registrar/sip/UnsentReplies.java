package dev.locus.registrar.sip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Reports answers that could not be sent (a TCP client gone before its answer, an unreachable address): a peer
 * can cause one per request at will, so at most one line per interval, carrying how many went unsent since the
 * last line.
 */
final class UnsentReplies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LongSupplier nanoTime;
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicLong nextLine;

    UnsentReplies(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /** @return whether a line was written for this one */
    boolean report(int status, Exception cause) {
        long count = unsent.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLine.get();
        if (now - due < 0 || !nextLine.compareAndSet(due, now + INTERVAL_NANOS)) {
            return false;
        }
        long previous = unsent.getAndSet(0) - 1;
        // As text: an exception as the last argument would be logged with its stack trace.
        String why = cause.toString();
        if (previous > 0) {
            log.warn("could not send {}: {} ({} more answers unsent since the last such line)", status, why, previous);
        } else {
            log.warn("could not send {}: {}", status, why);
        }
        return true;
    }
}
