package dev.locus.node.sip;

import gov.nist.core.StackLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Routes the JAIN-SIP RI's own logging to SLF4J; without it the RI demands log4j 1.x. Instantiated by the RI
 * from its class name (property {@code gov.nist.javax.sip.STACK_LOGGER}), hence the public no-arg constructor.
 */
public final class Slf4jStackLogger implements StackLogger {

    /**
     * The RI puts whole messages, even a datagram's 16 KB buffer printed as decimals, into its error texts; what
     * a peer sends must not cost more log than this per message.
     */
    static final int MAX_MESSAGE_CHARS = 200;
    /**
     * WARN and ERROR lines per {@link #WINDOW_NANOS}: a flood of messages the RI complains about (a peer's doing,
     * nearly always) must not become a flood of log; the rest is counted and the count logged once.
     */
    static final int LINES_PER_WINDOW = 10;
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");

    private final Logger log;
    /**
     * The RI asks before nearly every statement; levels are read once, as the RI reads its own TRACE_LEVEL once.
     * The most verbose enabled level, as an RI trace constant.
     */
    private final int enabledUpTo;

    private final LongSupplier nanoTime;
    private long windowStart;
    private int linesInWindow;
    private long suppressed;

    public Slf4jStackLogger() {
        this(LoggerFactory.getLogger("gov.nist.javax.sip"), System::nanoTime);
    }

    Slf4jStackLogger(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.enabledUpTo = enabledUpTo(log);
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    @Override
    public void logStackTrace() {
        if (log.isTraceEnabled()) {
            log.trace("stack trace", new Throwable("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        if (admit()) {
            log.warn("JAIN-SIP exception: {}", cut(String.valueOf(ex)));
        }
        log.debug("JAIN-SIP exception", ex);
    }

    @Override
    public void logDebug(String message) {
        log.debug(cut(message));
    }

    @Override
    public void logDebug(String message, Exception ex) {
        log.debug(cut(message), ex);
    }

    @Override
    public void logTrace(String message) {
        log.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        if (admit()) {
            log.error(cut(message));
        }
    }

    @Override
    public void logError(String message) {
        if (admit()) {
            log.error(cut(message));
        }
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabledUpTo >= TRACE_WARN;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        return level > TRACE_NONE && level <= enabledUpTo;
    }

    private static int enabledUpTo(Logger log) {
        if (log.isTraceEnabled()) {
            return TRACE_TRACE;
        }
        if (log.isDebugEnabled()) {
            return TRACE_DEBUG;
        }
        if (log.isInfoEnabled()) {
            return TRACE_INFO;
        }
        if (log.isWarnEnabled()) {
            return TRACE_WARN;
        }
        return log.isErrorEnabled() ? TRACE_ERROR : TRACE_NONE;
    }

    @Override
    public void logError(String message, Exception ex) {
        // Nearly always a message a peer sent that the RI could not handle: one bounded line, the trace at DEBUG.
        if (admit()) {
            log.error("{}: {}", cut(message), cut(String.valueOf(ex)));
        }
        log.debug(cut(message), ex);
    }

    @Override
    public void logWarning(String message) {
        if (admit()) {
            log.warn(cut(message));
        }
    }

    /**
     * Whether another WARN or ERROR line fits this window; on the first line of a new window, first says how many
     * the last ones held back. The RI logs from many threads, hence synchronized.
     */
    private synchronized boolean admit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            if (suppressed > 0) {
                log.warn("{} more JAIN-SIP warnings and errors not logged (at most {} per {} s)", suppressed,
                        LINES_PER_WINDOW, WINDOW_NANOS / 1_000_000_000L);
            }
            windowStart = now;
            linesInWindow = 0;
            suppressed = 0;
        }
        if (linesInWindow < LINES_PER_WINDOW) {
            linesInWindow++;
            return true;
        }
        suppressed++;
        return false;
    }

    @Override
    public void logInfo(String message) {
        log.info(cut(message));
    }

    /**
     * At most {@link #MAX_MESSAGE_CHARS} characters of a text the RI may have filled with a peer's bytes, on one line:
     * the RI quotes whole messages, and their line ends would start lines of log that look like entries of their own.
     */
    static String cut(String message) {
        if (message == null) {
            return null;
        }
        String line = CONTROL.matcher(message).replaceAll(" ");
        if (line.length() <= MAX_MESSAGE_CHARS) {
            return line;
        }
        return line.substring(0, MAX_MESSAGE_CHARS) + "... (" + (line.length() - MAX_MESSAGE_CHARS)
                + " characters cut)";
    }

    @Override
    public void disableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void enableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to configure: SLF4J is configured by the node.
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
