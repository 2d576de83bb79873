package dev.locus.node.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A UA that speaks SIP as text over a real UDP or TCP socket, so tests see exactly what is on the wire. */
public final class SipClient implements AutoCloseable {

    public enum Transport { UDP, TCP }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Transport transport;
    private final InetSocketAddress server;
    private final DatagramSocket udp;
    private final Socket tcp;
    private volatile InetSocketAddress lastSender;

    public SipClient(Transport transport, String localHost, InetSocketAddress server) throws IOException {
        this.transport = transport;
        this.server = server;
        if (transport == Transport.UDP) {
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localHost), 0));
            udp.setSoTimeout((int) TIMEOUT.toMillis());
            tcp = null;
        } else {
            tcp = new Socket();
            tcp.bind(new InetSocketAddress(InetAddress.getByName(localHost), 0));
            tcp.connect(server, (int) TIMEOUT.toMillis());
            tcp.setSoTimeout((int) TIMEOUT.toMillis());
            udp = null;
        }
    }

    public Transport transport() {
        return transport;
    }

    public String localHost() {
        return transport == Transport.UDP ? udp.getLocalAddress().getHostAddress() : tcp.getLocalAddress().getHostAddress();
    }

    public int localPort() {
        return transport == Transport.UDP ? udp.getLocalPort() : tcp.getLocalPort();
    }

    /** The Via this client puts on its requests, with its real address so that answers come back here. */
    public String via(String branch) {
        String host = localHost().indexOf(':') >= 0 ? "[" + localHost() + "]" : localHost();
        return "SIP/2.0/" + transport + " " + host + ":" + localPort() + ";branch=z9hG4bK" + branch + ";rport";
    }

    public SipResponse request(String message) throws IOException {
        send(message);
        return receive().orElseThrow(() -> new AssertionError("no answer within " + TIMEOUT + " to\n" + message));
    }

    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (transport == Transport.UDP) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            OutputStream out = tcp.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    /** The next response, or empty if none comes within {@code timeout} (then the default timeout again). */
    public Optional<SipResponse> receive(Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        if (udp != null) {
            udp.setSoTimeout(millis);
        } else {
            tcp.setSoTimeout(millis);
        }
        try {
            return receive();
        } finally {
            if (udp != null) {
                udp.setSoTimeout((int) TIMEOUT.toMillis());
            } else if (!tcp.isClosed()) {
                tcp.setSoTimeout((int) TIMEOUT.toMillis());
            }
        }
    }

    /** The next response, or empty if none comes within the timeout. */
    public Optional<SipResponse> receive() throws IOException {
        try {
            if (transport == Transport.UDP) {
                byte[] buffer = new byte[65535];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                lastSender = (InetSocketAddress) packet.getSocketAddress();
                return Optional.of(SipResponse.parse(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)));
            }
            return Optional.of(SipResponse.parse(readTcpMessage(tcp.getInputStream())));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Where the last UDP response came from: a node answers from the socket the request reached. */
    public Optional<InetSocketAddress> lastSender() {
        return Optional.ofNullable(lastSender);
    }

    /** Reads headers to the blank line, then Content-Length bytes of body. */
    static String readTcpMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keepalive CRLFs between messages
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
