package dev.locus.node.support;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** What a test can tell of a TCP connection from its own end. */
public final class Sockets {

    private Sockets() {
    }

    /** Whether the node closed or reset the connection; false if it is open and silent (200 ms). */
    public static boolean closedByNode(Socket socket) throws IOException {
        if (socket.isClosed()) {
            return true;
        }
        socket.setSoTimeout(200);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
