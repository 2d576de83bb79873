package dev.locus.node.sip.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;

/**
 * The RI's TCP listening socket, with the gate in its accept: a connection over a cap is reset here, on the RI's
 * one accept thread, before the RI gives it the two threads an admitted connection costs.
 */
final class GatedServerSocket extends ServerSocket {

    /** How long the accept loop rests after a failed accept, which would otherwise fail again at once. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final ConnectionGate gate;

    GatedServerSocket(int port, int backlog, InetAddress bindAddress, ConnectionGate gate) throws IOException {
        super(port, backlog, bindAddress);
        this.gate = gate;
    }

    /**
     * The next admitted connection. Refused ones never leave this loop. Neither does a failed accept (descriptors
     * exhausted): the RI's accept thread ends for good on any SocketException, silently, so only the closing of
     * this socket itself may end it.
     */
    @Override
    public Socket accept() throws IOException {
        while (true) {
            AdmittedSocket socket = new AdmittedSocket();
            try {
                implAccept(socket);
            } catch (IOException e) {
                if (isClosed()) {
                    throw e;
                }
                gate.acceptFailed(getInetAddress().getHostAddress() + ":" + getLocalPort(), e);
                rest();
                continue;
            }
            Optional<ConnectionGate.Slot> slot = gate.admit(socket.getInetAddress());
            if (slot.isEmpty()) {
                socket.reset();
                continue;
            }
            try {
                socket.admitted(slot.get(), gate.limits().idleTimeout());
            } catch (IOException e) {
                // The peer is gone already; close() gives the slot back.
                socket.close();
                continue;
            }
            return socket;
        }
    }

    private void rest() throws IOException {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to accept again");
        }
    }
}
