package dev.locus.node.rpc.fifo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes one answer into the client's reply FIFO, with jsonrpcs' checks ({@code jsonrpc_fifo_check}): it must be a
 * FIFO, not a symbolic link (opened with O_NOFOLLOW) and not hard-linked. The JDK cannot open a FIFO without
 * blocking, so the write runs on a {@code writer} thread (one per answer: a stuck one holds no other) and is given
 * up after {@code timeout}: a client that died
 * before opening its end would otherwise hold the transport for good. Giving up opens the FIFO's read end for a
 * moment, which lets the pending open through and makes the write fail.
 */
final class ReplyFifo {

    /** S_IFMT and S_IFIFO of stat(2). */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int FIFO_FILE = 0010000;

    private final ExecutorService writer;
    private final Duration timeout;

    ReplyFifo(ExecutorService writer, Duration timeout) {
        this.writer = writer;
        this.timeout = timeout;
    }

    void write(Path reply, byte[] answer) throws IOException {
        check(reply);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try (FileChannel out = FileChannel.open(reply, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(answer);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, writer);
        try {
            written.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            release(reply);
            throw new IOException("nobody read " + reply + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(reply);
            throw new IOException("interrupted writing " + reply);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static void check(Path reply) throws IOException {
        int mode = (Integer) Files.getAttribute(reply, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & FILE_TYPE_MASK) != FIFO_FILE) {
            throw new IOException(reply + " is not a FIFO");
        }
        int links = (Integer) Files.getAttribute(reply, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links > 1) {
            throw new IOException(reply + " is hard-linked " + links + " times");
        }
    }

    /**
     * Opening the FIFO read-write (which never blocks on Linux) completes the writer's blocked open; closing it again
     * makes its write fail (EPIPE). Checked first, as "rw" would create a file where the client removed its FIFO.
     */
    private static void release(Path reply) {
        try {
            check(reply);
        } catch (IOException gone) {
            return;
        }
        try (RandomAccessFile ignored = new RandomAccessFile(reply.toFile(), "rw")) {
            // opened and closed: that is all
        } catch (IOException e) {
            // gone meanwhile: nothing is blocked on it then
        }
    }
}
