package dev.locus.node.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scriptable SIP phone for proxy tests: registers at a node, receives whatever reaches it (requests and
 * responses, over UDP or its one TCP connection to the node), answers requests, and sends calls. Messages are
 * kept in arrival order; {@link #await} takes the first one that matches.
 */
public final class Phone implements AutoCloseable {

    public enum Transport { UDP, TCP }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Transport transport;
    private final InetSocketAddress node;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final BlockingQueue<SipMessage> inbox = new LinkedBlockingQueue<>();
    private final List<SipMessage> skipped = new ArrayList<>();
    private final Thread reader;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile InetSocketAddress lastSource;
    private volatile String lastSent = "";

    public Phone(Transport transport, String host, InetSocketAddress node) throws IOException {
        this.transport = transport;
        this.node = node;
        if (transport == Transport.UDP) {
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
            tcp = null;
            reader = daemon(this::readUdp);
        } else {
            tcp = new Socket();
            tcp.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            tcp.connect(node, 5000);
            udp = null;
            reader = daemon(this::readTcp);
        }
    }

    private Thread daemon(Runnable loop) {
        Thread t = new Thread(loop, "phone-" + transport);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public String host() {
        return transport == Transport.UDP ? udp.getLocalAddress().getHostAddress() : tcp.getLocalAddress().getHostAddress();
    }

    public int port() {
        return transport == Transport.UDP ? udp.getLocalPort() : tcp.getLocalPort();
    }

    /** This phone's Contact URI for {@code user}. */
    public String contact(String user) {
        return "sip:" + user + "@" + host() + ":" + port() + (transport == Transport.TCP ? ";transport=tcp" : "");
    }

    public String via(String branch) {
        return "SIP/2.0/" + transport + " " + host() + ":" + port() + ";branch=z9hG4bK" + branch + ";rport";
    }

    private String nextBranch() {
        return "ph" + port() + "x" + sequence.incrementAndGet();
    }

    /** REGISTERs {@code user@domain} with this phone's contact (and extra Contact params such as {@code ;q=0.5}). */
    public void register(String user, String domain, String contactParams) throws IOException, InterruptedException {
        registerAs(user, domain, contact(user), contactParams);
    }

    /** REGISTERs {@code user@domain} with a Contact of the test's choosing (a private address behind "NAT"). */
    public void registerAs(String user, String domain, String contactUri, String contactParams)
            throws IOException, InterruptedException {
        String callId = "reg-" + user + "-" + port();
        send("REGISTER sip:" + domain + " SIP/2.0\r\nVia: " + via(nextBranch()) + "\r\nMax-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=r" + port() + "\r\nTo: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + sequence.incrementAndGet() + " REGISTER\r\n"
                + "Contact: <" + contactUri + ">" + contactParams + "\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n");
        SipMessage answer = await(m -> !m.isRequest() && m.callId().equals(callId) && m.status() >= 200);
        if (answer.status() != 200) {
            throw new AssertionError("REGISTER answered " + answer.firstLine());
        }
    }

    /**
     * REGISTERs as {@link #register(String, String, String)} at a node that authenticates: answers its 401 with
     * MD5 credentials for {@code password}.
     */
    public void register(String user, String domain, String contactParams, String password)
            throws IOException, InterruptedException {
        String callId = "reg-" + user + "-" + port();
        String uri = "sip:" + domain;
        String request = "REGISTER " + uri + " SIP/2.0\r\nVia: " + via(nextBranch()) + "\r\nMax-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=r" + port() + "\r\nTo: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + sequence.incrementAndGet() + " REGISTER\r\n"
                + "Contact: <" + contact(user) + ">" + contactParams + "\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n";
        send(request);
        SipMessage unauthorized = await(m -> !m.isRequest() && m.callId().equals(callId) && m.status() >= 200);
        if (unauthorized.status() != 401) {
            throw new AssertionError("REGISTER without credentials answered " + unauthorized.firstLine());
        }
        String challenge = unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
        send(retry(request, DigestClient.authorization(challenge, user, password, uri, "00000001", "r" + port())));
        SipMessage answer = await(m -> !m.isRequest() && m.callId().equals(callId) && m.status() >= 200);
        if (answer.status() != 200) {
            throw new AssertionError("REGISTER with credentials answered " + answer.firstLine());
        }
    }

    /**
     * The request a UA sends after a challenge to {@code sent}: the same, with a new Via branch, the next CSeq and
     * {@code extraHeaders} (the credentials) added.
     */
    public String retry(String sent, String... extraHeaders) {
        SipMessage previous = SipMessage.parse(sent);
        String cseq = previous.header("cseq");
        long next = Long.parseLong(cseq.substring(0, cseq.indexOf(' ')).trim()) + 1;
        String again = sent.replace("Via: " + previous.header("via"), "Via: " + via(nextBranch()))
                .replace("CSeq: " + cseq, "CSeq: " + next + cseq.substring(cseq.indexOf(' ')));
        int end = again.indexOf("Content-Length:");
        StringBuilder extra = new StringBuilder();
        for (String h : extraHeaders) {
            extra.append(h).append("\r\n");
        }
        return again.substring(0, end) + extra + again.substring(end);
    }

    /** An INVITE (or another method) from {@code from} to {@code requestUri}; returns its Call-ID. */
    public String call(String method, String requestUri, String from, String body, String... extraHeaders)
            throws IOException {
        String callId = method.toLowerCase(Locale.ROOT) + "-" + port() + "-" + sequence.incrementAndGet();
        StringBuilder m = new StringBuilder();
        m.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: ").append(via(nextBranch())).append("\r\n");
        if (java.util.Arrays.stream(extraHeaders).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("max-forwards:"))) {
            m.append("Max-Forwards: 70\r\n");
        }
        m.append("From: <sip:").append(from).append(">;tag=f").append(port()).append("\r\n")
                .append("To: <").append(requestUri).append(">\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: 1 ").append(method).append("\r\n")
                .append("Contact: <").append(contact(from.split("@")[0])).append(">\r\n");
        for (String h : extraHeaders) {
            m.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            m.append("Content-Type: text/plain\r\n");
        }
        m.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        send(m.toString());
        return callId;
    }

    /**
     * An in-dialog request (ACK, BYE) for the dialog a 2xx set up: to its Contact, through its Record-Route
     * reversed, as RFC 3261 §12.2.1.1 builds it.
     */
    public void inDialog(String method, SipMessage ok, long cseq) throws IOException {
        List<String> routes = new ArrayList<>(ok.all("record-route"));
        java.util.Collections.reverse(routes);
        String target = SipMessage.uriOf(ok.header("contact"));
        StringBuilder m = new StringBuilder();
        m.append(method).append(' ').append(target).append(" SIP/2.0\r\n")
                .append("Via: ").append(via(nextBranch())).append("\r\n")
                .append("Max-Forwards: 70\r\n");
        for (String route : routes) {
            m.append("Route: ").append(route).append("\r\n");
        }
        m.append("From: ").append(ok.header("from")).append("\r\n")
                .append("To: ").append(ok.header("to")).append("\r\n")
                .append("Call-ID: ").append(ok.callId()).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        send(m.toString());
    }

    /** CANCEL for an INVITE this phone sent (same Via branch, Request-URI, Call-ID, CSeq number). */
    public void cancel(String invite) throws IOException {
        SipMessage sent = SipMessage.parse(invite);
        send("CANCEL " + sent.requestUri() + " SIP/2.0\r\nVia: " + sent.header("via") + "\r\nMax-Forwards: 70\r\n"
                + "From: " + sent.header("from") + "\r\nTo: " + sent.header("to") + "\r\nCall-ID: " + sent.callId()
                + "\r\nCSeq: " + sent.header("cseq").split(" ")[0] + " CANCEL\r\nContent-Length: 0\r\n\r\n");
    }

    /** Answers a received request: its Vias, From, To (tagged), Call-ID, CSeq and Record-Route, plus Contact. */
    public void reply(SipMessage request, int status, String reason, String... extraHeaders) throws IOException {
        StringBuilder m = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String[] h : request.headers()) {
            if (h[0].equals("via") || (h[0].equals("record-route") && status > 100 && status < 300)) {
                m.append(h[0].equals("via") ? "Via" : "Record-Route").append(": ").append(h[1]).append("\r\n");
            }
        }
        String to = request.header("to");
        if (SipMessage.tag(to).isEmpty() && status > 100) {
            to = to + ";tag=t" + port();
        }
        m.append("From: ").append(request.header("from")).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(request.callId()).append("\r\n")
                .append("CSeq: ").append(request.header("cseq")).append("\r\n");
        boolean ownContact = java.util.Arrays.stream(extraHeaders)
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("contact:"));
        if (!ownContact && status > 100 && status < 300 && !request.method().equals("BYE")
                && !request.method().equals("CANCEL")) {
            m.append("Contact: <").append(contact("ua")).append(">\r\n");
        }
        for (String h : extraHeaders) {
            m.append(h).append("\r\n");
        }
        m.append("Content-Length: 0\r\n\r\n");
        sendTo(m.toString(), transport == Transport.UDP ? lastSource : node);
    }

    public void send(String message) throws IOException {
        lastSent = message;
        sendTo(message, node);
    }

    /** The last request this phone sent to the node, as text. */
    public String lastSent() {
        return lastSent;
    }

    private synchronized void sendTo(String message, InetSocketAddress to) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, to));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** The first message (received so far or within 10 s) that matches; the others stay for later calls. */
    public synchronized SipMessage await(Predicate<SipMessage> wanted) throws InterruptedException {
        return poll(wanted, WAIT).orElseThrow(() -> new AssertionError("nothing matching arrived within " + WAIT
                + "; got meanwhile:\n" + String.join("\n----\n", skipped.stream().map(SipMessage::raw).toList())));
    }

    public SipMessage awaitRequest(String method) throws InterruptedException {
        return await(m -> m.isRequest() && m.method().equals(method));
    }

    public SipMessage awaitResponse(String callId, Predicate<Integer> status) throws InterruptedException {
        return await(m -> !m.isRequest() && m.callId().equals(callId) && status.test(m.status()));
    }

    /** Whether a matching message arrives within {@code within} (for "nothing more came" checks). */
    public synchronized java.util.Optional<SipMessage> poll(Predicate<SipMessage> wanted, Duration within)
            throws InterruptedException {
        for (SipMessage m : skipped) {
            if (wanted.test(m)) {
                skipped.remove(m);
                return java.util.Optional.of(m);
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SipMessage m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                return java.util.Optional.empty();
            }
            if (wanted.test(m)) {
                return java.util.Optional.of(m);
            }
            skipped.add(m);
        }
    }

    private void readUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                lastSource = (InetSocketAddress) packet.getSocketAddress();
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                if (!text.isBlank()) {
                    inbox.add(SipMessage.parse(text));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readTcp() {
        try {
            InputStream in = tcp.getInputStream();
            while (true) {
                inbox.add(SipMessage.parse(SipClient.readTcpMessage(in)));
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        reader.interrupt();
    }
}
