package dev.locus.node.sip.tcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A connection a peer opened and the gate admitted. It gives its slot back when closed, whichever way the RI
 * closes it (the socket, its streams, or its parser's timer), and a read that waits longer than
 * {@code sip.tcp_idle_timeout} fails, which makes the RI's reader close the connection and end both its threads.
 */
final class AdmittedSocket extends Socket {

    private ConnectionGate.Slot slot;
    private volatile boolean idled;

    /** Unconnected and without an implementation, as {@link java.net.ServerSocket#implAccept} wants it. */
    AdmittedSocket() throws SocketException {
        super((SocketImpl) null);
    }

    void admitted(ConnectionGate.Slot slot, Duration idleTimeout) throws SocketException {
        this.slot = slot;
        setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
    }

    /** Closes with a reset: a refused peer learns at once, and the node keeps no TIME_WAIT for it. */
    void reset() {
        try {
            setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // Already gone: closing is all that is left.
        }
        try {
            close();
        } catch (IOException ignored) {
            // Nothing is held for a refused connection.
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (SocketTimeoutException e) {
                    idled = true;
                    throw e;
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    idled = true;
                    throw e;
                }
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            super.close();
        } finally {
            if (slot != null) {
                slot.release(idled);
            }
        }
    }
}
