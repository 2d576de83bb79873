package dev.locus.node.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port that forwards to another while open: a database that is down (nothing listens) until the test
 * opens it. Threads and sockets end on {@link #close()}.
 */
public final class TcpForwarder implements AutoCloseable {

    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    public TcpForwarder(InetSocketAddress listen, InetSocketAddress target) {
        this.listen = listen;
        this.target = target;
    }

    public synchronized TcpForwarder open() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        Thread accept = new Thread(this::accept, "forwarder-accept");
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    private void accept() {
        try {
            while (true) {
                Socket in = server.accept();
                Socket out = new Socket(target.getAddress(), target.getPort());
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
    }
}
