package dev.locus.node.fuzz;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Kamailio DMQ node: answers every KDMQ the node sends it with 200 (its node list for
 * {@code notification_peer}, as Kamailio), so the node counts it active and takes its usrloc; and sends a KDMQ of its
 * own when asked. Enough of dmq for the fuzzer to own one binding learned over DMQ, not a DMQ implementation.
 */
final class PeerStub implements AutoCloseable {

    private final DatagramSocket socket;
    private final String self;
    private final InetSocketAddress node;
    private final Thread reader;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    PeerStub(String host, int port, InetSocketAddress node) throws SocketException {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new SocketException("cannot bind the DMQ stand-in on " + host + ":" + port + ": " + e.getMessage());
        }
        this.self = host + ":" + port;
        this.node = node;
        this.reader = new Thread(this::read, "fuzz-dmq-peer");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    long answered() {
        return answered.get();
    }

    /** Sends a usrloc KDMQ with {@code body} and waits for the node's final answer. */
    Optional<String> sendUsrloc(String callId, String body, Duration timeout) throws IOException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(callId, answer);
        String target = node.getAddress().getHostAddress() + ":" + node.getPort();
        String request = "KDMQ sip:usrloc@" + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + self + ";branch=z9hG4bK" + callId + "\r\n"
                + "To: <sip:usrloc@" + target + ">\r\n"
                + "From: <sip:usrloc@" + self + ">;tag=stub-" + callId + "\r\n"
                + "CSeq: 10 KDMQ\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "User-Agent: kamailio (5.6.3 (x86_64/linux))\r\n"
                + "Max-Forwards: 1\r\n"
                + "Content-Type: application/json\r\n\r\n" + body;
        send(request, node);
        try {
            return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return Optional.empty();
        } finally {
            pending.remove(callId);
        }
    }

    private void read() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            try {
                if (message.startsWith("SIP/2.0 ")) {
                    CompletableFuture<String> waiting = pending.get(header(message, "Call-ID"));
                    if (waiting != null && message.charAt(8) != '1') {
                        waiting.complete(message.substring(0, message.indexOf("\r\n")));
                    }
                } else if (message.startsWith("KDMQ ")) {
                    send(answer(message), (InetSocketAddress) packet.getSocketAddress());
                    answered.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                // The node only ever sends well-formed KDMQ; one the stand-in cannot answer shows as a stale node.
            }
        }
    }

    private String answer(String request) {
        String body = request.startsWith("KDMQ sip:notification_peer@")
                ? "sip:" + self + ";status=active\r\nsip:" + node.getAddress().getHostAddress() + ":" + node.getPort()
                + ";status=active\r\n" : "";
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.substring(0, request.indexOf("\r\n\r\n")).split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                sb.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                sb.append(line).append(";tag=stub").append("\r\n");
            }
        }
        if (!body.isEmpty()) {
            sb.append("Content-Type: text/plain\r\n");
        }
        sb.append("Server: kamailio (5.6.3 (x86_64/linux))\r\n");
        sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return sb.toString();
    }

    private static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private void send(String message, InetSocketAddress to) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
        sent.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        reader.join(2_000);
    }
}
