package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JSON-RPC 2.0 endpoint on the JDK's HTTP server: {@code POST <path>}. Binds in the constructor (so
 * {@link #address()} tells the port when 0 was asked), serves after {@link #start()}. Requests, and so the methods,
 * run on the given executor, or on a small pool of {@code locus-rpc-N} threads owned and shut down by this server.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    private static final int BACKLOG = 64;
    private static final int OWN_THREADS = 4;
    /** Beyond this many waiting requests a new connection is dropped, rather than queued without bound. */
    private static final int OWN_QUEUE = 256;

    private final HttpServer http;
    private final ExecutorService ownPool;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public RpcServer(InetSocketAddress bind, String path, RpcMethods methods, ObjectMapper json, int maxBodyBytes,
                     Executor executor) {
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(json, "json");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("JSON-RPC path must start with /: " + path);
        }
        if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
        }
        try {
            this.http = HttpServer.create(bind, BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for JSON-RPC on " + bind + ": " + e.getMessage(), e);
        }
        this.ownPool = executor == null ? ownPool() : null;
        http.createContext("/", new RpcHttpHandler(path, new RpcDispatcher(methods), json, maxBodyBytes));
        http.setExecutor(executor == null ? ownPool : executor);
    }

    /** The node's server: Kamailio's dialect on {@code POST /RPC}. */
    public static RpcServer atRpcPath(InetSocketAddress bind, RpcMethods methods, int maxBodyBytes, Executor executor) {
        return new RpcServer(bind, "/RPC", methods, new ObjectMapper(), maxBodyBytes, executor);
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("JSON-RPC server on " + address() + " is closed");
        }
        if (started.compareAndSet(false, true)) {
            http.start();
        }
    }

    /** The bound address, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (started.compareAndSet(false, true)) {
            // The JDK server releases its socket only from its dispatcher thread, which start() creates.
            http.start();
        }
        http.stop(0);
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
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("JSON-RPC server closed");
                    }
                    // The HTTP server closes the connection when we refuse; say why where an operator looks.
                    log.warn("JSON-RPC overloaded: {} requests waiting, connection dropped", pool.getQueue().size());
                    throw new RejectedExecutionException("JSON-RPC request queue full");
                });
    }
}
