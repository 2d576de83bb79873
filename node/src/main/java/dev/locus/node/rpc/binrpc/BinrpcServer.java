package dev.locus.node.rpc.binrpc;

import dev.locus.node.config.BinrpcAddress;
import dev.locus.node.config.BinrpcLimits;
import dev.locus.node.rpc.RpcMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kamailio's ctl endpoint: binrpc on unix stream sockets, TCP and UDP, for kamcmd. One selector thread does all the
 * I/O (no thread per client); the methods run on the RPC executor. A stream connection carries one request at a time
 * (the next is read once the answer is written), so a client costs at most one running method and
 * {@code maxRequestBytes} of buffer; connections beyond {@code maxConnections} are closed at once, silent ones after
 * {@code idleTimeout}. A malformed packet is answered with ctl's 400 fault and its connection closed (as ctl does);
 * a malformed datagram is dropped. Binds in the constructor (a port 0 is told by {@link #addresses()}).
 */
public final class BinrpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BinrpcServer.class);
    private static final int BACKLOG = 16;
    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;
    private static final long SELECT_MILLIS = 500;
    private static final long REFUSAL_WARNING_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final BinrpcCalls calls;
    private final BinrpcLimits limits;
    private final Executor executor;
    private final Selector selector;
    private final List<BinrpcAddress> bound = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final Queue<Runnable> selectorTasks = new ConcurrentLinkedQueue<>();
    private final List<StreamConnection> connections = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private final ByteBuffer datagram = ByteBuffer.allocate(65_535);
    private int datagramsRunning;
    private long lastRefusalWarning = System.nanoTime() - REFUSAL_WARNING_NANOS - 1;

    public BinrpcServer(List<BinrpcAddress> addresses, RpcMethods methods, BinrpcLimits limits, Executor executor) {
        this.calls = new BinrpcCalls(methods, executor);
        this.limits = limits;
        this.executor = executor;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (BinrpcAddress address : addresses) {
                bound.add(bind(address));
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e instanceof IOException io ? new UncheckedIOException("cannot serve binrpc: " + e.getMessage(), io)
                    : (RuntimeException) e;
        }
        this.thread = new Thread(this::run, "locus-binrpc");
        thread.setDaemon(true);
    }

    /** The addresses served, ports as bound. */
    public List<BinrpcAddress> addresses() {
        return List.copyOf(bound);
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("binrpc server is closed");
        }
        if (started.compareAndSet(false, true)) {
            thread.start();
            log.info("binrpc (kamcmd) on {}", bound);
            bound.stream().filter(a -> !a.isLocal()).forEach(a -> log.warn("binrpc on {} is reachable beyond this "
                    + "host and has no authentication: anyone who can connect can read trunk passwords and remove "
                    + "bindings. Firewall the port", a));
        }
    }

    private BinrpcAddress bind(BinrpcAddress address) throws IOException {
        switch (address.kind()) {
            case UNIX -> {
                Path path = address.path();
                UnixSocketFile.prepare(path);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
                } catch (IOException e) {
                    server.close();
                    throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
                }
                socketFiles.add(path);
                UnixSocketFile.restrict(path, limits.socketMode());
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                return address;
            }
            case TCP -> {
                ServerSocketChannel server = ServerSocketChannel.open();
                try {
                    server.bind(address.socketAddress(), BACKLOG);
                } catch (IOException e) {
                    server.close();
                    throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
                }
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                return withPort(address, server.getLocalAddress());
            }
            default -> {
                DatagramChannel udp = DatagramChannel.open();
                try {
                    udp.bind(address.socketAddress());
                } catch (IOException e) {
                    udp.close();
                    throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
                }
                udp.configureBlocking(false);
                udp.register(selector, SelectionKey.OP_READ);
                return withPort(address, udp.getLocalAddress());
            }
        }
    }

    private static BinrpcAddress withPort(BinrpcAddress address, SocketAddress local) {
        return new BinrpcAddress(address.kind(), null, address.host(), ((InetSocketAddress) local).getPort());
    }

    private void run() {
        try {
            while (!closed.get()) {
                selector.select(SELECT_MILLIS);
                Runnable task;
                while ((task = selectorTasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("binrpc: an answer could not be sent", e);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        handle(key);
                    } catch (RuntimeException e) {
                        // One client's trouble must not stop the endpoint for the others.
                        log.error("binrpc: closing a connection after an unexpected error", e);
                        if (key.attachment() instanceof StreamConnection c) {
                            c.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
                closeIdle();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                log.error("binrpc server stopped", e);
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() instanceof ServerSocketChannel server) {
            accept(server);
        } else if (key.channel() instanceof DatagramChannel udp) {
            receive(udp);
        } else {
            StreamConnection c = (StreamConnection) key.attachment();
            if (key.isValid() && key.isWritable()) {
                c.write();
            }
            if (key.isValid() && key.isReadable()) {
                c.read();
            }
        }
    }

    private void accept(ServerSocketChannel server) {
        SocketChannel channel;
        try {
            channel = server.accept();
        } catch (IOException e) {
            log.warn("binrpc accept failed: {}", e.toString());
            return;
        }
        if (channel == null) {
            return;
        }
        if (connections.size() >= limits.maxConnections()) {
            long now = System.nanoTime();
            if (now - lastRefusalWarning > REFUSAL_WARNING_NANOS) {
                // Once a minute at most: a client hammering the port must not flood the log too.
                lastRefusalWarning = now;
                log.warn("binrpc: {} connections open (binrpc.max_connections): refusing more", connections.size());
            }
            quietlyClose(channel);
            return;
        }
        try {
            channel.configureBlocking(false);
            StreamConnection c = new StreamConnection(channel, limits, this::run, connections::remove);
            c.register(selector);
            connections.add(c);
        } catch (IOException e) {
            quietlyClose(channel);
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        long idle = limits.idleTimeout().toNanos();
        for (StreamConnection c : new ArrayList<>(connections)) {
            // A running method (tm.t_uac_wait waits for a SIP reply) is not the client's silence.
            if (c.silentFor(now) > idle) {
                log.debug("binrpc connection idle for {}: closed", limits.idleTimeout());
                c.close();
            }
        }
    }

    /** One datagram, one request; its answer goes back to where it came from, in one datagram. */
    private void receive(DatagramChannel udp) {
        ByteBuffer in = datagram.clear();
        SocketAddress from;
        try {
            from = udp.receive(in);
        } catch (IOException e) {
            log.debug("binrpc UDP receive failed: {}", e.toString());
            return;
        }
        if (from == null) {
            return;
        }
        byte[] bytes = Arrays.copyOf(in.array(), in.position());
        BinrpcPacket.Header header;
        try {
            header = BinrpcPacket.readHeader(bytes, bytes.length);
        } catch (BinrpcFormatException e) {
            header = null;
        }
        if (header == null || header.packetLength() != bytes.length || bytes.length > limits.maxRequestBytes()) {
            log.debug("binrpc: malformed or truncated datagram from {} dropped", from);
            return;
        }
        if (datagramsRunning >= limits.maxConnections()) {
            log.debug("binrpc: {} UDP requests running, datagram from {} dropped", datagramsRunning, from);
            return;
        }
        BinrpcPacket request = BinrpcPacket.of(header, bytes);
        datagramsRunning++;
        int maxReply = Math.min(limits.maxReplyBytes(), MAX_DATAGRAM);
        run(request, maxReply, answer -> {
            datagramsRunning--;
            try {
                udp.send(ByteBuffer.wrap(answer.packet()), from);
            } catch (IOException e) {
                log.debug("binrpc UDP reply to {} failed: {}", from, e.toString());
            }
        }, () -> datagramsRunning--);
    }

    /** Runs the request on the executor; what to do with its answer runs back on the selector thread. */
    private void run(BinrpcPacket request, int maxReply, StreamConnection.AnswerSink sink, Runnable refused) {
        try {
            executor.execute(() -> calls.answer(request, maxReply).whenComplete((answer, failure) -> {
                BinrpcCalls.Answer a = failure == null ? answer : new BinrpcCalls.Answer(
                        BinrpcCalls.fault(request.cookie(), 500, "internal server error"), true);
                if (failure != null) {
                    log.error("binrpc request failed", failure);
                }
                onSelector(() -> sink.accept(a));
            }));
        } catch (RejectedExecutionException e) {
            // The node is stopping: nothing will run any more.
            refused.run();
        }
    }

    private void onSelector(Runnable task) {
        selectorTasks.add(task);
        selector.wakeup();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        selector.wakeup();
        if (started.get()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeChannels();
    }

    private void closeChannels() {
        for (SelectionKey key : selector.keys()) {
            quietlyClose(key.channel());
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("binrpc selector close: {}", e.toString());
        }
        for (Path file : socketFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("cannot remove binrpc socket {}: {}", file, e.toString());
            }
        }
    }

    private static void quietlyClose(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
