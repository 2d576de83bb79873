package dev.locus.node.rpc.binrpc;

import dev.locus.node.config.BinrpcLimits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One unix or TCP client of the binrpc server, driven by its selector thread only: bytes in until a whole packet,
 * one request running at most, its answer written before the next request is taken (a client that reads no answers
 * sends no more work), ctl's 400 fault and the end of the connection for bytes that are not binrpc.
 */
final class StreamConnection {

    private static final int FIRST_BUFFER = 4096;

    /** Receives an answer, on the selector thread. */
    interface AnswerSink {
        void accept(BinrpcCalls.Answer answer);
    }

    /** Runs a request elsewhere; its answer comes back to {@code sink} on the selector thread. */
    interface Requests {
        void run(BinrpcPacket request, int maxReplyBytes, AnswerSink sink, Runnable refused);
    }

    private final SocketChannel channel;
    private final BinrpcLimits limits;
    private final Requests requests;
    private final Consumer<StreamConnection> onClose;
    private final Deque<ByteBuffer> out = new ArrayDeque<>();
    private SelectionKey key;
    private byte[] in = new byte[FIRST_BUFFER];
    private int inLength;
    private boolean running;
    private boolean closeAfterWrite;
    private long lastActive = System.nanoTime();

    StreamConnection(SocketChannel channel, BinrpcLimits limits, Requests requests, Consumer<StreamConnection> onClose) {
        this.channel = channel;
        this.limits = limits;
        this.requests = requests;
        this.onClose = onClose;
    }

    void register(Selector selector) throws ClosedChannelException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    /** How long the client has been silent; 0 while its method runs (tm.t_uac_wait waits for a SIP reply). */
    long silentFor(long nowNanos) {
        return running ? 0 : nowNanos - lastActive;
    }

    void read() {
        int n;
        try {
            if (inLength == in.length) {
                // At most the largest request: a packet claiming more is refused before its body is read.
                in = Arrays.copyOf(in, Math.min(limits.maxRequestBytes(), in.length * 2));
            }
            n = channel.read(ByteBuffer.wrap(in, inLength, in.length - inLength));
        } catch (IOException e) {
            close();
            return;
        }
        if (n < 0) {
            close(); // kamcmd closes once it has its answer
            return;
        }
        lastActive = System.nanoTime();
        inLength += n;
        nextRequest();
        updateInterest();
    }

    /** Starts the next buffered request, once the one before is answered and its answer written. */
    private void nextRequest() {
        if (running || closeAfterWrite || !out.isEmpty()) {
            return;
        }
        BinrpcPacket.Header header;
        try {
            header = BinrpcPacket.readHeader(in, inLength);
        } catch (BinrpcFormatException e) {
            refuse(BinrpcCalls.fault(0, 400, "bad request: " + e.getMessage()));
            return;
        }
        if (header != null && header.packetLength() > limits.maxRequestBytes()) {
            refuse(BinrpcCalls.fault(header.cookie(), 400, "bad request: " + BinrpcFormatException.OVERFLOW));
            return;
        }
        if (header == null || inLength < header.packetLength()) {
            return;
        }
        BinrpcPacket request = BinrpcPacket.of(header, in);
        System.arraycopy(in, header.packetLength(), in, 0, inLength - header.packetLength());
        inLength -= header.packetLength();
        running = true;
        requests.run(request, limits.maxReplyBytes(), this::answered, this::close);
    }

    private void answered(BinrpcCalls.Answer answer) {
        running = false;
        if (!channel.isOpen()) {
            return;
        }
        out.add(ByteBuffer.wrap(answer.packet()));
        closeAfterWrite = answer.close();
        write();
    }

    private void refuse(byte[] fault) {
        out.add(ByteBuffer.wrap(fault));
        closeAfterWrite = true;
        write();
    }

    void write() {
        try {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                if (channel.write(b) > 0) {
                    lastActive = System.nanoTime();
                }
                if (b.hasRemaining()) {
                    break;
                }
                out.poll();
            }
        } catch (IOException e) {
            close();
            return;
        }
        if (out.isEmpty()) {
            if (closeAfterWrite) {
                close();
                return;
            }
            nextRequest(); // a client may have sent its next request already
        }
        updateInterest();
    }

    /** Write while an answer is pending; read only when no request runs and nothing waits to be written. */
    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        boolean idle = !running && !closeAfterWrite && out.isEmpty();
        key.interestOps((out.isEmpty() ? 0 : SelectionKey.OP_WRITE) | (idle ? SelectionKey.OP_READ : 0));
    }

    void close() {
        onClose.accept(this);
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
