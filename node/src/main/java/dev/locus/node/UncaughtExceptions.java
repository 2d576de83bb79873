package dev.locus.node;

import dev.locus.node.sip.EventSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The node's last word on an exception no thread caught: one line in the log (the stack trace at DEBUG), instead
 * of the JVM's stack trace on stderr. The RI's TCP reader threads ({@code PipelineThread-N}) die this way on input
 * they cannot read (a line starting with three CRs overruns an array in its line reader) and take their connection
 * with them, the end a stream that cannot be followed deserves: WARN, at most one line per 10 s, since any peer
 * can cause it. Any other thread
 * dying is a fault of ours: ERROR.
 */
final class UncaughtExceptions implements Thread.UncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UncaughtExceptions.class);

    /** A peer can end reader threads at its own pace (a connection each): one line per 10 s says how many. */
    private final EventSummary readerDeaths = new EventSummary(Duration.ofSeconds(10), System::nanoTime);

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        // An exception's text may quote what a peer sent: one line, a bounded one.
        String what = String.valueOf(e).replaceAll("\\p{Cntrl}+", " ");
        what = what.length() > 200 ? what.substring(0, 200) + "..." : what;
        String where = trace.length == 0 ? "" : " at " + trace[0];
        if (thread.getName().startsWith("PipelineThread-")) {
            long count = readerDeaths.record();
            if (count > 0) {
                log.warn("SIP TCP reader {} ended, its connection closed: {}{}{}", thread.getName(), what, where,
                        count > 1 ? " (" + count + " TCP readers ended since the last such line)" : "");
            }
        } else {
            log.error("thread {} ended by an uncaught {}{}", thread.getName(), what, where);
        }
        log.debug("uncaught in {}", thread.getName(), e);
    }
}
