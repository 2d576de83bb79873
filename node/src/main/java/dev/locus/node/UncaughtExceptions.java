package dev.locus.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's last word on an exception no thread caught: one line in the log (the stack trace at DEBUG), instead
 * of the JVM's stack trace on stderr. The RI's TCP reader threads ({@code PipelineThread-N}) die this way on input
 * they cannot read (a line starting with three CRs overruns an array in its line reader) and take their connection
 * with them, the end a stream that cannot be followed deserves: WARN, since any peer can cause it. Any other thread
 * dying is a fault of ours: ERROR.
 */
final class UncaughtExceptions implements Thread.UncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UncaughtExceptions.class);

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        // An exception's text may quote what a peer sent: one line, a bounded one.
        String what = String.valueOf(e).replaceAll("\\p{Cntrl}+", " ");
        what = what.length() > 200 ? what.substring(0, 200) + "..." : what;
        String where = trace.length == 0 ? "" : " at " + trace[0];
        if (thread.getName().startsWith("PipelineThread-")) {
            log.warn("SIP TCP reader {} ended, its connection closed: {}{}", thread.getName(), what, where);
        } else {
            log.error("thread {} ended by an uncaught {}{}", thread.getName(), what, where);
        }
        log.debug("uncaught in {}", thread.getName(), e);
    }
}
