package dev.locus.node.sip.tcp;

import dev.locus.node.config.TcpLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Admits the TCP connections peers open to the node, within {@code sip.tcp_max_connections} in total and
 * {@code sip.tcp_max_connections_per_ip} per source address; counts the refused, the open and those closed for
 * idling, and says in the log which cap bit. Connections the node opens itself never pass through it.
 */
public final class ConnectionGate implements AutoCloseable {

    public static final String REFUSED = "locus.sip.tcp.refused";
    public static final String IDLE_CLOSED = "locus.sip.tcp.idle_closed";
    public static final String OPEN = "locus.sip.tcp.connections";
    public static final String ACCEPT_FAILURES = "locus.sip.tcp.accept_failures";
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    /** Descriptors an idle node holds (jar, sockets, selectors) plus room for the JSON-RPC's and the cluster's. */
    private static final int DESCRIPTORS_OF_THE_REST = 256;

    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);

    private final TcpLimits limits;
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private int open;
    /** Set once the node has built its protection, before the stack starts. */
    private volatile Predicate<InetAddress> admissible = source -> true;

    private final Counter refusedOverTotal;
    private final Counter refusedOverPerIp;
    private final Counter idleClosed;
    private final Counter acceptFailures;
    private final ThrottledWarning overTotal;
    private final ThrottledWarning overPerIp;
    private final ThrottledWarning acceptFailed;
    /** Writes the summaries; its one thread is started by the first refusal, not before. */
    private final ScheduledExecutorService summaries;

    public ConnectionGate(TcpLimits limits, MeterRegistry meters) {
        this.limits = limits;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "locus-tcp-limits");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // And ended again a minute after the last summary: a quiet node keeps no thread for it.
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        this.summaries = executor;
        this.refusedOverTotal = Counter.builder(REFUSED).tag("limit", "total")
                .description("TCP connections reset at once: sip.tcp_max_connections reached").register(meters);
        this.refusedOverPerIp = Counter.builder(REFUSED).tag("limit", "per_ip")
                .description("TCP connections reset at once: sip.tcp_max_connections_per_ip reached").register(meters);
        this.idleClosed = Counter.builder(IDLE_CLOSED)
                .description("TCP connections closed after sip.tcp_idle_timeout without input").register(meters);
        this.acceptFailures = Counter.builder(ACCEPT_FAILURES)
                .description("failed accepts on a SIP TCP socket (descriptors exhausted, say)").register(meters);
        Gauge.builder(OPEN, this, ConnectionGate::open).description("TCP connections from peers open now")
                .register(meters);
        warnIfDescriptorsRunOutFirst(limits.maxConnections());
        this.overTotal = new ThrottledWarning(log, LOG_INTERVAL, this::later);
        this.overPerIp = new ThrottledWarning(log, LOG_INTERVAL, this::later);
        this.acceptFailed = new ThrottledWarning(log, LOG_INTERVAL, this::later);
    }

    /**
     * Each connection is a descriptor: a cap the process's descriptor limit does not leave room for is reached by
     * the limit first, where accepting fails (and waits) for SIP and JSON-RPC alike.
     */
    private static void warnIfDescriptorsRunOutFirst(int maxConnections) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long limit = os.getMaxFileDescriptorCount();
            if (maxConnections + DESCRIPTORS_OF_THE_REST > limit) {
                log.warn("sip.tcp_max_connections={} leaves no room in the descriptor limit of {} (the node needs some {} "
                        + "besides): it may run out of descriptors before the cap bites; raise the limit (ulimit -n)",
                        maxConnections, limit, DESCRIPTORS_OF_THE_REST);
            }
        }
    }

    /** Never throws: it runs on the RI's accept thread, which a stray exception would end. */
    private void later(Runnable task, Duration delay) {
        try {
            summaries.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The node is stopping: the summary goes unwritten, the counters still hold it.
        }
    }

    TcpLimits limits() {
        return limits;
    }

    /** Refuses, before the caps are looked at, connections from the sources this says no to (they count them). */
    public void screen(Predicate<InetAddress> admissible) {
        this.admissible = admissible;
    }

    /** A slot for a connection from {@code source}, or none: the caller then resets the connection. */
    Optional<Slot> admit(InetAddress source) {
        if (!admissible.test(source)) {
            return Optional.empty();
        }
        int fromSource;
        synchronized (this) {
            fromSource = perSource.getOrDefault(source, 0);
            if (open < limits.maxConnections() && fromSource < limits.maxConnectionsPerIp()) {
                open++;
                perSource.put(source, fromSource + 1);
                return Optional.of(new Slot(source));
            }
        }
        if (fromSource >= limits.maxConnectionsPerIp()) {
            refusedOverPerIp.increment();
            overPerIp.warn("SIP TCP connection from " + source.getHostAddress() + " refused: "
                    + "sip.tcp_max_connections_per_ip=" + limits.maxConnectionsPerIp() + " reached");
        } else {
            refusedOverTotal.increment();
            overTotal.warn("SIP TCP connection from " + source.getHostAddress() + " refused: "
                    + "sip.tcp_max_connections=" + limits.maxConnections() + " reached");
        }
        return Optional.empty();
    }

    void acceptFailed(String socket, Exception e) {
        acceptFailures.increment();
        acceptFailed.warn("SIP TCP accept on " + socket + " failed (" + e.getMessage() + ") with " + open()
                + " connections open: retrying");
    }

    private synchronized void free(InetAddress source) {
        open--;
        perSource.computeIfPresent(source, (k, n) -> n == 1 ? null : n - 1);
    }

    public synchronized int open() {
        return open;
    }

    public long refused() {
        return (long) (refusedOverTotal.count() + refusedOverPerIp.count());
    }

    public long idleClosed() {
        return (long) idleClosed.count();
    }

    @Override
    public void close() {
        summaries.shutdownNow();
    }

    /** One admitted connection's place under the caps, given back once, when its socket closes. */
    final class Slot {

        private final InetAddress source;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(InetAddress source) {
            this.source = source;
        }

        void release(boolean idle) {
            if (released.compareAndSet(false, true)) {
                free(source);
                if (idle) {
                    idleClosed.increment();
                }
            }
        }
    }
}
