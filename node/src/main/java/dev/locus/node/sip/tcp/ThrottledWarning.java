package dev.locus.node.sip.tcp;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * A WARN for something a peer can make happen thousands of times a second: the first occurrence is logged at once,
 * the ones after it are counted and summed up in one line per interval for as long as they go on, so the log says
 * what happened and how often without growing with the flood.
 */
final class ThrottledWarning {

    private final Logger log;
    private final Duration interval;
    /** Runs a task once after a delay: the summary is written even if the flood stops and nothing else happens. */
    private final BiConsumer<Runnable, Duration> later;

    private boolean windowOpen;
    private long held;
    private String last;

    ThrottledWarning(Logger log, Duration interval, BiConsumer<Runnable, Duration> later) {
        this.log = log;
        this.interval = interval;
        this.later = later;
    }

    synchronized void warn(String line) {
        if (!windowOpen) {
            windowOpen = true;
            log.warn("{} (more like it are summed up every {} s)", line, interval.toSeconds());
            later.accept(this::summarise, interval);
        } else {
            held++;
            last = line;
        }
    }

    private synchronized void summarise() {
        if (held == 0) {
            windowOpen = false;
            return;
        }
        log.warn("{} more in the last {} s, the last: {}", held, interval.toSeconds(), last);
        held = 0;
        later.accept(this::summarise, interval);
    }
}
