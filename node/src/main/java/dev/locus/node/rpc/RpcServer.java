package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JSON-RPC 2.0 endpoint, {@code POST <path>}, on an embedded Jetty. Binds in the constructor (so
 * {@link #address()} tells the port when 0 was asked), serves after {@link #start()}. Methods run on the given
 * executor, or on a small pool of {@code locus-rpc-N} threads owned and shut down by this server.
 *
 * <p>Why Jetty and not the JDK's HttpServer: the JDK's server reads a request's headers on the executor's threads,
 * so {@code rpc.threads} clients sending headers slowly stop every other client, and its timeouts are JVM-wide
 * system properties read once. Jetty parses headers without holding a thread, closes a connection silent for
 * {@code idleTimeout}, caps the connections it accepts, and sets TCP_NODELAY on accepted sockets.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    private static final int BACKLOG = 64;
    private static final int OWN_THREADS = 4;
    /** Beyond this many waiting requests a new request is refused with 503, rather than queued without bound. */
    private static final int OWN_QUEUE = 256;
    /** Jetty's own threads: one acceptor, one selector, and a few for parsing and writing; no method runs on them. */
    private static final int HTTP_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final InetSocketAddress bind;
    private final boolean protectedBySecret;
    private final ExecutorService ownPool;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public RpcServer(InetSocketAddress bind, String path, RpcMethods methods, ObjectMapper json, int maxBodyBytes,
                     Executor executor) {
        this(bind, path, methods, json, RpcLimits.withBodyLimit(maxBodyBytes), executor);
    }

    public RpcServer(InetSocketAddress bind, String path, RpcMethods methods, ObjectMapper json, RpcLimits limits,
                     Executor executor) {
        this(bind, path, methods, json, limits, executor, Optional.empty());
    }

    /** With {@code observability}: {@code /metrics} and {@code /health/*} on the same port. */
    public RpcServer(InetSocketAddress bind, String path, RpcMethods methods, ObjectMapper json, RpcLimits limits,
                     Executor executor, Optional<Observability> observability) {
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(limits, "limits");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("JSON-RPC path must start with /: " + path);
        }
        this.bind = bind;
        this.protectedBySecret = limits.secret().isPresent();
        this.ownPool = executor == null ? ownPool() : null;
        QueuedThreadPool httpThreads = new QueuedThreadPool(HTTP_THREADS, 2);
        httpThreads.setName("locus-rpc-http");
        this.server = new Server(httpThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        connector.setAcceptQueueSize(BACKLOG);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        Executor runner = executor == null ? ownPool : executor;
        RpcHttpHandler rpc = new RpcHttpHandler(path,
                new RpcDispatcher(methods, json, limits.maxBatch(), limits.maxResponseBytes(), runner), json, limits,
                runner);
        // The observability paths first; whatever they decline goes to the RPC handler, which 404s other paths.
        server.setHandler(observability.<Handler>map(o -> new Handler.Sequence(
                new ObservabilityHandler(o, json, runner), rpc)).orElse(rpc));
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for JSON-RPC on " + bind + ": " + e.getMessage(), e);
        }
    }

    /** The node's server: Kamailio's dialect on {@code POST /RPC}. */
    public static RpcServer atRpcPath(InetSocketAddress bind, RpcMethods methods, RpcLimits limits, Executor executor) {
        return new RpcServer(bind, "/RPC", methods, new ObjectMapper(), limits, executor);
    }

    /** The node's server with {@code /metrics} and {@code /health/*} beside {@code POST /RPC}. */
    public static RpcServer atRpcPath(InetSocketAddress bind, RpcMethods methods, RpcLimits limits, Executor executor,
                                      Observability observability) {
        return new RpcServer(bind, "/RPC", methods, new ObjectMapper(), limits, executor, Optional.of(observability));
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("JSON-RPC server on " + address() + " is closed");
        }
        if (started.compareAndSet(false, true)) {
            warnWhenExposed();
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start JSON-RPC on " + address() + ": " + e.getMessage(), e);
            }
        }
    }

    /** uac.reg_dump 1 shows trunk passwords and ul.rm removes anything: beyond loopback, say so where it is seen. */
    private void warnWhenExposed() {
        if (!bind.getAddress().isLoopbackAddress() && !protectedBySecret) {
            log.warn("JSON-RPC on {} is reachable beyond this host and has no rpc.secret: anyone who can connect "
                    + "can read trunk passwords and remove bindings. Set rpc.secret, or bind rpc.address to loopback "
                    + "or firewall the port", address());
        }
    }

    /** The bound address, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return new InetSocketAddress(bind.getAddress(), connector.getLocalPort());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (started.get()) {
                server.stop();
            } else {
                connector.close();
            }
        } catch (Exception e) {
            log.warn("JSON-RPC server on {} did not stop cleanly: {}", bind, e.toString());
        }
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }

    private static ExecutorService ownPool() {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(OWN_THREADS, OWN_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(OWN_QUEUE),
                task -> new Thread(task, "locus-rpc-" + number.incrementAndGet()),
                (task, pool) -> {
                    throw new RejectedExecutionException(pool.isShutdown()
                            ? "JSON-RPC server closed" : "JSON-RPC request queue full");
                });
    }
}
