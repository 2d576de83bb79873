package dev.locus.node.rpc.fifo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.config.JsonrpcFifoConfig;
import dev.locus.node.rpc.JsonRpcDocuments;
import dev.locus.node.rpc.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kamailio's jsonrpcs FIFO transport, for kamcli ({@code transport=fifo}): JSON-RPC documents written into a FIFO,
 * each answered into the FIFO its {@code reply_name} names in {@code fifo_reply_dir}. As jsonrpcs does, one document
 * is handled at a time, in arrival order (the method runs on the RPC executor, this thread waits for it), and a
 * document without a usable {@code reply_name} is run but not answered: there is nowhere to answer. A document that
 * is not JSON is answered with a parse error when its reply name can still be read, else dropped. The FIFO is created
 * at start ({@code mkfifo}: the JDK cannot) with the configured mode, replacing a FIFO left behind, and removed at
 * close. It is opened read-write, as jsonrpcs keeps a write end open, so clients closing it never end the stream.
 */
public final class FifoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FifoServer.class);
    /** How long a client has to open its reply FIFO (kamcli opens it before writing its request). */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final int READ_CHUNK = 4096;
    /** S_IFMT and S_IFIFO of stat(2). */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int FIFO_FILE = 0010000;

    private final Path fifo;
    private final JsonrpcFifoConfig config;
    private final JsonRpcDocuments documents;
    private final Executor executor;
    private final ExecutorService replyWriters;
    private final ReplyFifo replies;
    private final RandomAccessFile stream;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Creates the FIFO; serves after {@link #start()}. */
    public FifoServer(JsonrpcFifoConfig config, JsonRpcDocuments documents, Executor executor) {
        this.fifo = config.fifo().orElseThrow(() -> new IllegalArgumentException("jsonrpc.fifo is not set"));
        this.config = config;
        this.documents = documents;
        this.executor = executor;
        if (!Files.isDirectory(config.replyDir())) {
            throw new IllegalStateException("jsonrpc.fifo_reply_dir=" + config.replyDir() + " is not a directory");
        }
        try {
            create(fifo, config);
            this.stream = new RandomAccessFile(fifo.toFile(), "rw");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve jsonrpc.fifo " + fifo + ": " + e.getMessage(), e);
        }
        AtomicInteger writers = new AtomicInteger();
        this.replyWriters = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "locus-jsonrpc-fifo-reply-" + writers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.replies = new ReplyFifo(replyWriters, REPLY_TIMEOUT);
        this.thread = new Thread(this::run, "locus-jsonrpc-fifo");
        thread.setDaemon(true);
    }

    public Path path() {
        return fifo;
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("jsonrpc fifo server is closed");
        }
        if (started.compareAndSet(false, true)) {
            thread.start();
            log.info("JSON-RPC FIFO (kamcli) on {}, replies in {}", fifo, config.replyDir());
        }
    }

    private static void create(Path fifo, JsonrpcFifoConfig config) throws IOException {
        if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & FILE_TYPE_MASK) != FIFO_FILE) {
                throw new IOException(fifo + " exists and is not a FIFO");
            }
            Files.delete(fifo); // left by a node that stopped without removing it (jsonrpcs removes it too)
        } else if (fifo.getParent() != null) {
            Files.createDirectories(fifo.getParent());
        }
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
        try {
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS)) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating the FIFO");
        }
        if (mkfifo.exitValue() != 0) {
            String why = new String(mkfifo.getInputStream().readAllBytes()).trim();
            throw new IOException("mkfifo failed: " + why);
        }
        // Set after creation, as the umask would have cut the mode given to mkfifo.
        Files.setPosixFilePermissions(fifo, config.mode());
    }

    private void run() {
        FifoFramer framer = new FifoFramer(config.maxRequestBytes());
        byte[] chunk = new byte[READ_CHUNK];
        while (!closed.get()) {
            int n;
            try {
                n = stream.read(chunk);
            } catch (IOException e) {
                if (!closed.get()) {
                    log.error("JSON-RPC FIFO {} cannot be read, no longer served: {}", fifo, e.getMessage());
                }
                return;
            }
            for (int i = 0; i < n && !closed.get(); i++) {
                FifoFramer.Frame frame = framer.accept(chunk[i]);
                if (frame instanceof FifoFramer.Frame.Document document) {
                    handle(document.bytes());
                } else if (frame instanceof FifoFramer.Frame.Oversized oversized) {
                    log.warn("JSON-RPC FIFO request of {} bytes dropped: beyond jsonrpc.fifo_max_request_bytes={}",
                            oversized.bytes(), config.maxRequestBytes());
                }
            }
        }
    }

    private void handle(byte[] request) {
        JsonNode document;
        try {
            document = documents.parse(request);
        } catch (RpcException e) {
            Optional<String> name = ReplyName.lenient(request);
            if (name.isEmpty()) {
                log.debug("JSON-RPC FIFO request dropped: not JSON ({}) and no reply_name to answer", e.getMessage());
                return;
            }
            answer(name.get(), Optional.of(documents.error(e)));
            return;
        }
        Optional<String> name = ReplyName.of(document);
        Optional<byte[]> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> documents.dispatch(document), executor)
                    .thenCompose(stage -> stage).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            log.error("JSON-RPC FIFO request failed: {}", e.toString());
            return;
        }
        if (name.isEmpty()) {
            log.debug("JSON-RPC FIFO request run; no reply_name, so not answered");
            return;
        }
        answer(name.get(), answer);
    }

    private void answer(String name, Optional<byte[]> answer) {
        Optional<Path> reply = ReplyName.resolve(config.replyDir(), name);
        if (reply.isEmpty()) {
            log.warn("JSON-RPC FIFO reply_name refused (a file name in jsonrpc.fifo_reply_dir only): {}",
                    name.length() > 80 ? name.substring(0, 80) + "..." : name);
            return;
        }
        if (answer.isEmpty()) {
            return; // a notification: nothing to say
        }
        try {
            replies.write(reply.get(), answer.get());
        } catch (IOException e) {
            log.warn("JSON-RPC FIFO answer not delivered to {}: {}", reply.get(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("JSON-RPC FIFO answer not delivered to {}: {}", reply.get(), e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Wakes the reader blocked on the FIFO: the JDK cannot interrupt a read on it.
            stream.write('\n');
        } catch (IOException e) {
            log.debug("JSON-RPC FIFO wake-up failed: {}", e.getMessage());
        }
        try {
            if (started.get()) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("JSON-RPC FIFO close failed: {}", e.getMessage());
        }
        replyWriters.shutdownNow();
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            log.warn("JSON-RPC FIFO {} not removed: {}", fifo, e.getMessage());
        }
    }
}
