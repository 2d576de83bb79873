package dev.locus.node.rpc.dgram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.config.JsonrpcDgramConfig;
import dev.locus.node.rpc.JsonRpcDocuments;
import dev.locus.node.rpc.RpcException;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kamailio's jsonrpcs datagram transport, for kamcli ({@code transport=socket}): each datagram is one JSON-RPC
 * document, answered with one datagram to the address it came from. As jsonrpcs with its one worker, documents are
 * handled one at a time in arrival order (the method runs on the RPC executor, this thread waits for it). A unix
 * socket is created at start with the configured mode, replacing a socket left behind, and removed at close; a UDP
 * socket is on a loopback address only (the configuration refuses others).
 */
public final class DgramServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DgramServer.class);
    /** jsonrpcs' JSONRPC_DGRAM_BUF_SIZE: the largest request it reads; a longer datagram is dropped here. */
    static final int MAX_REQUEST_BYTES = 65_456;
    /**
     * The most one UDP datagram carries; unix datagrams are bounded by the send buffer, raised to this too. The
     * documents given to this server must answer a longer response with an error (their max response bytes).
     */
    public static final int MAX_REPLY_BYTES = 65_507;
    /** S_IFMT and S_IFSOCK of stat(2). */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_FILE = 0140000;

    private final DatagramChannel channel;
    private final Optional<Path> unixPath;
    private final JsonRpcDocuments documents;
    private final Executor executor;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whoever may write to the socket must not be able to fill the log: one warning a minute at most. */
    private final Warnings warnings = new Warnings();

    private DgramServer(DatagramChannel channel, Optional<Path> unixPath, JsonRpcDocuments documents,
                        Executor executor) {
        this.channel = channel;
        this.unixPath = unixPath;
        this.documents = documents;
        this.executor = executor;
        this.thread = new Thread(this::run, "locus-jsonrpc-dgram");
        thread.setDaemon(true);
    }

    /** Binds the configured socket; serves after {@link #start()}. */
    public static DgramServer open(JsonrpcDgramConfig config, JsonRpcDocuments documents, Executor executor) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("jsonrpc.dgram_socket is not set");
        }
        String where = config.unixSocket().map(Path::toString).orElseGet(() -> "udp:" + config.udp().get());
        try {
            DatagramChannel channel = config.unixSocket().isPresent()
                    ? bindUnix(config.unixSocket().get(), config)
                    : DatagramChannel.open().bind(config.udp().get());
            try {
                channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, MAX_REPLY_BYTES + 1024);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("jsonrpc.dgram_socket send buffer left as it is: {}", e.getMessage());
            }
            return new DgramServer(channel, config.unixSocket(), documents, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve jsonrpc.dgram_socket " + where + ": " + e.getMessage(), e);
        }
    }

    private static DatagramChannel bindUnix(Path path, JsonrpcDgramConfig config) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & FILE_TYPE_MASK) != SOCKET_FILE) {
                throw new IOException(path + " exists and is not a socket");
            }
            Files.delete(path); // left by a node that stopped without removing it (jsonrpcs removes it too)
        } else if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
        try {
            channel.bind(AFUNIXSocketAddress.of(path));
            Files.setPosixFilePermissions(path, config.mode());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** The bound address: an {@link AFUNIXSocketAddress} or an {@link InetSocketAddress}. */
    public SocketAddress address() throws IOException {
        return channel.getLocalAddress();
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("jsonrpc datagram server is closed");
        }
        if (started.compareAndSet(false, true)) {
            thread.start();
            log.info("JSON-RPC datagram socket (kamcli transport=socket) on {}",
                    unixPath.map(Path::toString).orElseGet(this::describeUdp));
        }
    }

    private String describeUdp() {
        try {
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            return "udp:" + bound.getAddress().getHostAddress() + ":" + bound.getPort();
        } catch (IOException e) {
            return "udp";
        }
    }

    private void run() {
        // One more than the largest request, so that a longer datagram shows as a full buffer.
        ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST_BYTES + 1);
        while (!closed.get()) {
            SocketAddress from;
            buffer.clear();
            try {
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                if (warnings.allow()) {
                    log.warn("JSON-RPC datagram socket receive failed: {}", e.getMessage());
                }
                continue;
            }
            buffer.flip();
            if (buffer.remaining() > MAX_REQUEST_BYTES) {
                if (warnings.allow()) {
                    log.warn("JSON-RPC datagram dropped: over {} bytes, the most jsonrpcs reads", MAX_REQUEST_BYTES);
                }
                continue;
            }
            byte[] request = trim(buffer);
            if (request.length == 0) {
                continue;
            }
            handle(request, from);
        }
    }

    private static byte[] trim(ByteBuffer buffer) {
        int start = buffer.position();
        int end = buffer.limit();
        byte[] bytes = buffer.array();
        while (start < end && bytes[start] <= ' ' && bytes[start] >= 0) {
            start++;
        }
        while (end > start && bytes[end - 1] <= ' ' && bytes[end - 1] >= 0) {
            end--;
        }
        return Arrays.copyOfRange(bytes, start, end);
    }

    private void handle(byte[] request, SocketAddress from) {
        Optional<byte[]> answer;
        try {
            JsonNode document = documents.parse(request);
            answer = CompletableFuture.supplyAsync(() -> documents.dispatch(document), executor)
                    .thenCompose(stage -> stage).get();
        } catch (RpcException e) {
            answer = Optional.of(documents.error(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RejectedExecutionException e) {
            log.error("JSON-RPC datagram request failed: {}", e.toString());
            return;
        }
        if (answer.isEmpty()) {
            return; // a notification: nothing to say
        }
        if (!answerable(from)) {
            log.debug("JSON-RPC datagram request run; its sender has no address to answer");
            return;
        }
        byte[] reply = answer.get();
        if (reply.length > MAX_REPLY_BYTES) {
            log.warn("JSON-RPC datagram answer of {} bytes not sent: over the {} one datagram carries",
                    reply.length, MAX_REPLY_BYTES);
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(reply), from);
        } catch (IOException e) {
            // A client that gave up (kamcli waits 4 s) has removed its socket: nothing to do.
            log.debug("JSON-RPC datagram answer not delivered to {}: {}", from, e.getMessage());
        }
    }

    private static boolean answerable(SocketAddress from) {
        if (from instanceof AFUNIXSocketAddress unix) {
            return unix.getPathAsBytes().length > 0; // an unbound client socket is unnamed
        }
        return from != null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close(); // wakes the receiving thread
        } catch (IOException e) {
            log.debug("JSON-RPC datagram socket close failed: {}", e.getMessage());
        }
        try {
            if (started.get()) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unixPath.ifPresent(path -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("JSON-RPC datagram socket {} not removed: {}", path, e.getMessage());
            }
        });
    }

    @Override
    public String toString() {
        return "DgramServer[" + unixPath.map(Path::toString).orElse("udp") + "]";
    }

    /** Allows one warning per minute (read and used by the one receiving thread only). */
    private static final class Warnings {
        private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
        private long last = System.nanoTime() - INTERVAL_NANOS;

        boolean allow() {
            long now = System.nanoTime();
            if (now - last < INTERVAL_NANOS) {
                return false;
            }
            last = now;
            return true;
        }
    }
}
