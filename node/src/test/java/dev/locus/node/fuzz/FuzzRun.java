package dev.locus.node.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One fuzzing run against a running node: bindings registered first (over UDP, TCP and DMQ), then {@code messages}
 * generated messages at no more than {@code rate} per second, while a valid REGISTER over UDP and over TCP and a
 * JSON-RPC call must keep being answered; afterwards every binding must still be there, the node alive, and its log
 * free of unexpected lines ({@link NodeLog}). Each failure of these is a {@link Misbehaviour}, with the index of the
 * message that caused it when known: {@code Fuzzer --replay SEED:INDEX} makes that message again.
 */
public final class FuzzRun {

    /**
     * @param seed           what every message derives from (with its index)
     * @param rate           messages per second at most: a fuzz, not a flood
     * @param fuzzHost       where fuzz messages come from: an address the node knows nothing of
     * @param peerHost       the stand-in Kamailio DMQ node's address (the node must have it as a DMQ seed)
     * @param probeHost      where the probes and the bindings' REGISTERs come from
     * @param senderBasePort the fuzzer's UDP ports: base (SIP), base+1 (DMQ stranger), base+2 (DMQ peer fuzz)
     * @param nodeLog        the node's log file, scanned from where it stood when the fuzzing started
     * @param nodeAlive      whether the node's process still runs
     */
    public record Settings(long seed, long messages, int rate, String nodeHost, int sipPort, int dmqPort, int rpcPort,
                           String fuzzHost, String peerHost, int peerPort, String probeHost, int senderBasePort,
                           int tcpConnections, Duration probeEvery, int keepAors, Path nodeLog,
                           BooleanSupplier nodeAlive) {
    }

    public enum Fault {
        /** A valid REGISTER went unanswered for 32 s (a UA's timer F), or a JSON-RPC call for 10 s. */
        PROBE_UNANSWERED,
        /** A binding registered before the fuzzing is missing or changed afterwards. */
        BINDING_LOST,
        /** A log line outside what malformed input is allowed to cost. */
        LOG_LINE,
        /** A 500 answer: the node failed on the message instead of refusing it. */
        SERVER_ERROR,
        /** The DMQ port answered a stranger's message with anything but a refusal (400, 403, 513). */
        DMQ_NOT_REFUSED,
        /** A TCP connection the node stopped reading for 20 s. */
        TCP_STALLED,
        /** The node's process died. */
        NODE_DOWN
    }

    public record Misbehaviour(Fault fault, long index, String detail) {
    }

    public record Result(long sent, List<Misbehaviour> misbehaviours, String summary) {
    }

    private static final Pattern INDEX = Pattern.compile("\\bfz(\\d{1,18})(?!\\d)");
    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");
    private static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);
    /** RFC 3261's 64*T1: how long a UA waits for the answer to a non-INVITE request. */
    private static final Duration TIMER_F = Duration.ofSeconds(32);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private static final long TCP_STALL_NANOS = 20_000_000_000L;
    /** Misbehaviours printed in the summary, at most; all are counted. */
    private static final int SHOWN = 40;

    private final Settings settings;
    private final PrintStream out;
    private final InetSocketAddress sipNode;
    private final InetSocketAddress dmqNode;
    private final RpcClient rpc;
    private final Generator generator;

    private final Map<Target, LongAdder> sent = new EnumMap<>(Target.class);
    private final Map<Target, LongAdder> sentBytes = new EnumMap<>(Target.class);
    private final Map<Target, LongAdder> sendErrors = new EnumMap<>(Target.class);
    private final Map<Target, Map<Integer, LongAdder>> answers = new EnumMap<>(Target.class);
    private final Map<Mutation, LongAdder> mutations = new EnumMap<>(Mutation.class);
    private final Map<String, LongAdder> templates = new ConcurrentHashMap<>();
    private final LongAdder unmutated = new LongAdder();
    private final LongAdder notSip = new LongAdder();
    private final LongAdder tcpOpened = new LongAdder();
    private final LongAdder tcpClosedByNode = new LongAdder();
    private final Map<String, ProbeStats> probes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Misbehaviour> misbehaviours = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public FuzzRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.sipNode = new InetSocketAddress(settings.nodeHost(), settings.sipPort());
        this.dmqNode = new InetSocketAddress(settings.nodeHost(), settings.dmqPort());
        this.rpc = new RpcClient(new InetSocketAddress(settings.nodeHost(), settings.rpcPort()));
        this.generator = new Generator(settings.seed(), addresses(settings));
        for (Target t : Target.values()) {
            sent.put(t, new LongAdder());
            sentBytes.put(t, new LongAdder());
            sendErrors.put(t, new LongAdder());
            answers.put(t, new ConcurrentHashMap<>());
        }
        for (Mutation m : Mutation.values()) {
            mutations.put(m, new LongAdder());
        }
    }

    static Generator.Addresses addresses(Settings s) {
        int base = s.senderBasePort();
        return new Generator.Addresses(s.nodeHost() + ":" + s.sipPort(), s.nodeHost() + ":" + s.dmqPort(),
                s.fuzzHost() + ":" + base, s.fuzzHost() + ":" + (base + 3), s.fuzzHost() + ":" + (base + 1),
                s.peerHost() + ":" + (base + 2));
    }

    public Result run() throws Exception {
        int base = settings.senderBasePort();
        try (PeerStub peer = new PeerStub(settings.peerHost(), settings.peerPort(), dmqNode);
             UdpSender sipUdp = new UdpSender(Target.SIP_UDP, settings.fuzzHost(), base, sipNode);
             UdpSender stranger = new UdpSender(Target.DMQ_STRANGER, settings.fuzzHost(), base + 1, dmqNode);
             UdpSender peerFuzz = new UdpSender(Target.DMQ_PEER, settings.peerHost(), base + 2, dmqNode);
             TcpSenders tcp = new TcpSenders(settings.tcpConnections());
             SipClient probeUdp = new SipClient(Transport.UDP, settings.probeHost(), sipNode)) {
            awaitPeerActive();
            Map<String, Set<String>> before = registerBindings(peer);
            long logFrom = NodeLog.size(settings.nodeLog());
            long sipDrops = udpDrops(settings.nodeHost(), settings.sipPort());
            long dmqDrops = udpDrops(settings.nodeHost(), settings.dmqPort());
            out.printf(Locale.ROOT, "fuzz seed %d: %,d messages at up to %,d/s to %s (SIP udp+tcp) and %s (DMQ)%n",
                    settings.seed(), settings.messages(), settings.rate(), sipNode, dmqNode);
            Thread prober = new Thread(() -> probeLoop(probeUdp), "fuzz-probes");
            prober.setDaemon(true);
            prober.start();
            Instant started = Instant.now();
            long count = send(Map.of(Target.SIP_UDP, sipUdp, Target.DMQ_STRANGER, stranger, Target.DMQ_PEER, peerFuzz), tcp);
            Duration sending = Duration.between(started, Instant.now());
            running.set(false);
            prober.join(30_000);
            awaitAnswersSettled();
            if (!settings.nodeAlive().getAsBoolean()) {
                fault(Fault.NODE_DOWN, -1, "the node's process is gone after the run");
            } else {
                probeOnce(probeUdp);
                checkBindings(before);
            }
            NodeLog.Scan scan = NodeLog.scan(settings.nodeLog(), logFrom);
            scan.unexpected().forEach(u -> fault(Fault.LOG_LINE, u.index(), u.line()));
            String summary = summary(count, sending, scan, peer.answered())
                    + String.format(Locale.ROOT, "datagrams the kernel dropped at the node's sockets (receive buffer "
                            + "full): SIP %d, DMQ %d%n", udpDrops(settings.nodeHost(), settings.sipPort()) - sipDrops,
                    udpDrops(settings.nodeHost(), settings.dmqPort()) - dmqDrops);
            out.print(summary);
            return new Result(count, List.copyOf(misbehaviours), summary);
        }
    }

    /**
     * The kernel's count of datagrams dropped at a UDP socket because its receive buffer was full ({@code drops} in
     * {@code /proc/net/udp}); 0 where there is no such file. Drops are the pacing's business, not the node's: a probe
     * lost there is retransmitted as a UA would.
     */
    static long udpDrops(String host, int port) {
        try {
            byte[] ip = InetAddress.getByName(host).getAddress();
            String local = String.format("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], port);
            long drops = 0;
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].equals(local)) {
                    drops += Long.parseLong(f[f.length - 1]);
                }
            }
            return drops;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // --- before: bindings that must survive -----------------------------------------------------------------------

    private void awaitPeerActive() {
        String peer = settings.peerHost();
        await("the node counting the DMQ stand-in " + peer + " active (is it a seed?)").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (JsonNode n : rpc.call("dmq.list_nodes").path("result")) {
                        if (n.path("host").asText().equals(peer) && n.path("status").asText().equals("active")) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    /** Answers to the last messages still in flight: counted once no new answer has come for half a second. */
    private void awaitAnswersSettled() {
        AtomicLong seen = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = answers.values().stream().flatMap(byCode -> byCode.values().stream())
                    .mapToLong(LongAdder::sum).sum();
            return seen.getAndSet(now) == now;
        });
    }

    /** AOR → its contacts' identities (address, ruid, Call-ID, CSeq) as ul.dump lists them, for the ones we own. */
    private Map<String, Set<String>> registerBindings(PeerStub peer) throws Exception {
        try (SipClient udp = new SipClient(Transport.UDP, settings.probeHost(), sipNode);
             SipClient tcp = new SipClient(Transport.TCP, settings.probeHost(), sipNode)) {
            for (int i = 0; i < settings.keepAors(); i++) {
                SipClient ua = i % 2 == 0 ? udp : tcp;
                Register register = Register.of("keep" + i, "example.com").contact("<sip:keep" + i + "@192.0.2.1:" + (6000 + i) + ">")
                        .expires(3600);
                if (i % 3 == 0) {
                    register.contact("<sip:keep" + i + "@[2001:db8::1]:" + (6000 + i) + ";transport=tcp>;q=0.5");
                }
                SipResponse answer = ua.request(register.to(ua));
                if (answer.status() != 200) {
                    throw new IllegalStateException("REGISTER keep" + i + " answered " + answer.status());
                }
            }
        }
        String body = "{\"action\":1,\"aor\":\"keepdmq\",\"ruid\":\"uloc-keep-dmq-1\",\"c\":\"sip:keepdmq@192.0.2.2:5060\","
                + "\"received\":\"\",\"path\":\"\",\"callid\":\"keep-dmq@fuzz\",\"user_agent\":\"kamailio\",\"instance\":\"\","
                + "\"expires\":" + (Instant.now().getEpochSecond() + 3600) + ",\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":-1,"
                + "\"last_modified\":" + Instant.now().getEpochSecond() + ",\"methods\":4294967295,\"reg_id\":0,\"server_id\":0}";
        Optional<String> answer = peer.sendUsrloc("keep-dmq-" + System.nanoTime(), body, SIP_TIMEOUT);
        if (answer.isEmpty() || !answer.get().startsWith("SIP/2.0 200")) {
            throw new IllegalStateException("usrloc KDMQ for keepdmq answered " + answer.orElse("nothing"));
        }
        Map<String, Set<String>> mine = owned(dump());
        if (mine.size() != settings.keepAors() + 1) {
            throw new IllegalStateException("expected " + (settings.keepAors() + 1) + " AORs of ours, ul.dump has " + mine.keySet());
        }
        return mine;
    }

    private JsonNode dump() throws IOException, InterruptedException {
        return rpc.result("ul.dump");
    }

    private static Map<String, Set<String>> owned(JsonNode dump) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode entry : dump.path("Domains").path(0).path("Domain").path("AoRs")) {
            JsonNode info = entry.path("Info");
            String aor = info.path("AoR").asText();
            if (!aor.startsWith("keep")) {
                continue;
            }
            Set<String> contacts = new TreeSet<>();
            for (JsonNode c : info.path("Contacts")) {
                JsonNode contact = c.path("Contact");
                contacts.add(contact.path("Address").asText() + " ruid=" + contact.path("Ruid").asText() + " call-id="
                        + contact.path("Call-ID").asText() + " cseq=" + contact.path("CSeq").asText());
            }
            out.put(aor, contacts);
        }
        return out;
    }

    private void checkBindings(Map<String, Set<String>> before) throws IOException, InterruptedException {
        Map<String, Set<String>> after = owned(dump());
        for (Map.Entry<String, Set<String>> e : before.entrySet()) {
            Set<String> now = after.getOrDefault(e.getKey(), Set.of());
            if (!now.equals(e.getValue())) {
                fault(Fault.BINDING_LOST, -1, e.getKey() + ": before " + e.getValue() + ", after " + now);
            }
        }
        out.printf(Locale.ROOT, "bindings: %d AORs (%d contacts) registered before the run, %d intact after%n",
                before.size(), before.values().stream().mapToInt(Set::size).sum(),
                before.entrySet().stream().filter(e -> e.getValue().equals(after.get(e.getKey()))).count());
    }

    // --- during: the fuzz -----------------------------------------------------------------------------------------

    private long send(Map<Target, UdpSender> udp, TcpSenders tcp) {
        long begin = System.nanoTime();
        long start = begin;
        long nanosPerMessage = 1_000_000_000L / settings.rate();
        long progressEvery = Math.max(10_000, settings.messages() / 10);
        long i = 0;
        for (; i < settings.messages(); i++) {
            long wait = start + i * nanosPerMessage - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -100_000_000L) {
                start -= wait; // fell behind (a slow TCP write, a busy machine): go on at the rate, no catch-up burst
            }
            FuzzCase c = generator.generate(i);
            count(c);
            if (c.target() == Target.SIP_TCP) {
                tcp.send(c);
            } else {
                udp.get(c.target()).send(c);
            }
            if ((i + 1) % progressEvery == 0) {
                out.printf(Locale.ROOT, "  %,d sent, %.0f/s, %d misbehaviours so far%n", i + 1,
                        (i + 1) / ((System.nanoTime() - begin) / 1e9), misbehaviours.size());
                if (!settings.nodeAlive().getAsBoolean()) {
                    fault(Fault.NODE_DOWN, i, "the node's process died");
                    return i + 1;
                }
            }
        }
        return i;
    }

    private void count(FuzzCase c) {
        sent.get(c.target()).increment();
        sentBytes.get(c.target()).add(c.bytes().length);
        templates.computeIfAbsent(c.template(), k -> new LongAdder()).increment();
        if (c.mutations().isEmpty()) {
            unmutated.increment();
        }
        c.mutations().stream().distinct().forEach(m -> mutations.get(m).increment());
    }

    /** What an answer says about the node; answers to mutated messages are mostly refusals, which is right. */
    private void onAnswer(Target target, String message) {
        Matcher status = STATUS.matcher(message);
        if (!status.find()) {
            notSip.increment();
            return;
        }
        int code = Integer.parseInt(status.group(1));
        answers.get(target).computeIfAbsent(code, k -> new LongAdder()).increment();
        long index = index(message);
        String line = message.substring(0, Math.max(0, message.indexOf('\r')));
        // htable answers 500 where Kamailio does (no such action or table, a regex that does not compile), saying
        // "refused": a refusal, not a failure.
        if (code == 500 && !(target == Target.DMQ_PEER && line.contains(" - refused: "))) {
            fault(Fault.SERVER_ERROR, index, target.label + ": " + line);
        } else if (target == Target.DMQ_STRANGER && code != 400 && code != 403 && code != 513) {
            fault(Fault.DMQ_NOT_REFUSED, index, line);
        }
    }

    private static long index(String message) {
        Matcher m = INDEX.matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void fault(Fault fault, long index, String detail) {
        misbehaviours.add(new Misbehaviour(fault, index, detail.length() > 500 ? detail.substring(0, 500) + "..." : detail));
    }

    /** A UDP socket that sends one target's messages and counts what comes back. */
    private final class UdpSender implements AutoCloseable {
        private final Target target;
        private final DatagramSocket socket;
        private final InetSocketAddress to;
        private final Thread reader;

        UdpSender(Target target, String host, int port, InetSocketAddress to) throws IOException {
            this.target = target;
            this.to = to;
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
            this.socket.setSendBufferSize(1 << 20);
            this.socket.setReceiveBufferSize(4 << 20);
            this.reader = new Thread(this::read, "fuzz-" + target.label);
            this.reader.setDaemon(true);
            this.reader.start();
        }

        void send(FuzzCase c) {
            try {
                socket.send(new DatagramPacket(c.bytes(), c.bytes().length, to));
            } catch (IOException e) {
                sendErrors.get(target).increment();
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
                onAnswer(target, new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(2_000);
        }
    }

    /** A few TCP connections, used in turn; one the node closed is opened again when its turn comes. */
    private final class TcpSenders implements AutoCloseable {
        private final TcpLink[] links;
        private final Thread watchdog;

        TcpSenders(int count) {
            links = new TcpLink[count];
            for (int i = 0; i < count; i++) {
                links[i] = new TcpLink();
            }
            watchdog = new Thread(this::watch, "fuzz-tcp-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        void send(FuzzCase c) {
            links[(int) (c.index() % links.length)].send(c);
        }

        private void watch() {
            while (running.get()) {
                for (TcpLink link : links) {
                    link.closeIfStalled();
                }
                LockSupport.parkNanos(1_000_000_000L);
            }
        }

        @Override
        public void close() {
            for (TcpLink link : links) {
                link.close();
            }
        }
    }

    private final class TcpLink {
        private Socket socket;
        private OutputStream output;
        private volatile long writingSince;
        private volatile long writingIndex = -1;

        synchronized void send(FuzzCase c) {
            try {
                if (socket == null || socket.isClosed()) {
                    open();
                }
                writingIndex = c.index();
                writingSince = System.nanoTime();
                output.write(c.bytes());
                output.flush();
            } catch (IOException e) {
                sendErrors.get(Target.SIP_TCP).increment();
                close();
            } finally {
                writingSince = 0;
            }
        }

        private void open() throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(settings.fuzzHost()), 0));
            s.connect(sipNode, 5_000);
            socket = s;
            output = s.getOutputStream();
            tcpOpened.increment();
            Thread reader = new Thread(() -> read(s), "fuzz-tcp-" + s.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        void closeIfStalled() {
            long since = writingSince;
            if (since != 0 && System.nanoTime() - since > TCP_STALL_NANOS) {
                fault(Fault.TCP_STALLED, writingIndex, "the node read nothing from a TCP connection for 20 s");
                Socket s = socket;
                try {
                    if (s != null) {
                        s.close();
                    }
                } catch (IOException ignored) {
                    // closing is all we want
                }
            }
        }

        private void read(Socket s) {
            try (InputStream in = s.getInputStream()) {
                while (true) {
                    String message = readMessage(in);
                    if (message == null) {
                        break;
                    }
                    onAnswer(Target.SIP_TCP, message);
                }
            } catch (IOException e) {
                // reset by the node, or closed by us
            }
            if (running.get()) {
                tcpClosedByNode.increment();
            }
            synchronized (this) {
                if (socket == s) {
                    close();
                }
            }
        }

        synchronized void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing is all we want
            }
            socket = null;
        }
    }

    /** Headers to the blank line, then Content-Length bytes; null at the end of the stream. */
    private static String readMessage(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.isEmpty() && (b == '\r' || b == '\n')) {
                continue;
            }
            head.append((char) b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                try {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                } catch (NumberFormatException e) {
                    length = 0;
                }
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

    // --- during: probes -------------------------------------------------------------------------------------------

    private static final class ProbeStats {
        final LongAdder done = new LongAdder();
        final LongAdder retried = new LongAdder();
        final AtomicLong maxMillis = new AtomicLong();

        void record(long millis) {
            done.increment();
            maxMillis.accumulateAndGet(millis, Math::max);
        }
    }

    private final Register probeUdpRegister = Register.of("probe-udp", "example.com")
            .contact("<sip:probe-udp@192.0.2.3:5060>").expires(3600);
    private final Register probeTcpRegister = Register.of("probe-tcp", "example.com")
            .contact("<sip:probe-tcp@192.0.2.3:5060;transport=tcp>").expires(3600);
    private SipClient probeTcp;

    private void probeLoop(SipClient udp) {
        long every = settings.probeEvery().toNanos();
        long next = System.nanoTime();
        while (running.get()) {
            next += every;
            probeOnce(udp);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void probeOnce(SipClient udp) {
        probeRegister("register-udp", udp, probeUdpRegister);
        try {
            if (probeTcp == null) {
                probeTcp = new SipClient(Transport.TCP, settings.probeHost(), sipNode);
            }
            probeRegister("register-tcp", probeTcp, probeTcpRegister);
        } catch (IOException e) {
            fault(Fault.PROBE_UNANSWERED, -1, "register-tcp: cannot connect: " + e);
            probeTcp = null;
        }
        long t0 = System.nanoTime();
        String what = "rpc ul.lookup keep0";
        try {
            JsonNode answer = rpc.call("ul.lookup", "location", "keep0");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!answer.has("result") || ms > RPC_TIMEOUT.toMillis()) {
                fault(Fault.PROBE_UNANSWERED, -1, what + ": " + ms + " ms, " + answer);
            }
            probes.computeIfAbsent("rpc", k -> new ProbeStats()).record(ms);
        } catch (IOException | RuntimeException e) {
            fault(Fault.PROBE_UNANSWERED, -1, what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A REGISTER refresh, sent as a UA sends it (RFC 3261 §17.1.2): over UDP retransmitted after 0.5 s, doubling up
     * to 4 s (timer E), over TCP once; unanswered after 32 s (timer F) it is a misbehaviour, as the UA would give up.
     * The slowest answer and the retransmissions are reported, so a stall short of that shows in the figure.
     */
    private void probeRegister(String name, SipClient ua, Register register) {
        ProbeStats stats = probes.computeIfAbsent(name, k -> new ProbeStats());
        long t0 = System.nanoTime();
        long giveUp = t0 + TIMER_F.toNanos();
        String request = register.next().to(ua);
        String cseq = request.substring(request.indexOf("CSeq: ") + 6, request.indexOf(" REGISTER\r\n", request.indexOf("CSeq: ")));
        try {
            long interval = 500_000_000L;
            long nextSend = t0;
            while (System.nanoTime() < giveUp) {
                if (System.nanoTime() >= nextSend) {
                    if (nextSend != t0) {
                        stats.retried.increment();
                    }
                    ua.send(request);
                    nextSend = ua.transport() == Transport.TCP ? Long.MAX_VALUE : System.nanoTime() + interval;
                    interval = Math.min(interval * 2, 4_000_000_000L);
                }
                long wait = Math.min(nextSend, giveUp) - System.nanoTime();
                Optional<SipResponse> answer = ua.receive(Duration.ofNanos(Math.max(1_000_000L, wait)));
                if (answer.isPresent() && answer.get().first("cseq").orElse("").startsWith(cseq + " ")) {
                    SipResponse r = answer.get();
                    if (r.status() != 200) {
                        fault(Fault.PROBE_UNANSWERED, -1, name + " answered " + r.status() + " " + r.reason());
                    }
                    stats.record((System.nanoTime() - t0) / 1_000_000);
                    return;
                }
            }
            fault(Fault.PROBE_UNANSWERED, -1, name + ": no answer within " + TIMER_F.toSeconds() + " s (timer F)");
        } catch (IOException e) {
            fault(Fault.PROBE_UNANSWERED, -1, name + ": " + e);
            if (ua == probeTcp) {
                try {
                    probeTcp.close();
                } catch (IOException ignored) {
                    // replaced below
                }
                probeTcp = null;
            }
        }
    }

    // --- after: the figure ----------------------------------------------------------------------------------------

    private String summary(long count, Duration sending, NodeLog.Scan scan, long peerAnswered) {
        StringBuilder sb = new StringBuilder();
        double seconds = sending.toMillis() / 1000.0;
        sb.append(String.format(Locale.ROOT, "%nFUZZ SUMMARY seed %d%n", settings.seed()));
        sb.append(String.format(Locale.ROOT, "sent %,d messages in %.1f s (%.0f/s)%n", count, seconds, count / seconds));
        for (Target t : Target.values()) {
            Map<Integer, LongAdder> byCode = new TreeMap<>(answers.get(t));
            long answered = byCode.values().stream().mapToLong(LongAdder::sum).sum();
            sb.append(String.format(Locale.ROOT, "  %-13s %-3s %,10d messages %,14d bytes %,9d send errors, answered %,d: %s%n",
                    t.label, t.transport, sent.get(t).sum(), sentBytes.get(t).sum(), sendErrors.get(t).sum(), answered,
                    byCode.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum()).toList()));
        }
        sb.append(String.format(Locale.ROOT, "  tcp connections opened %d, closed by the node %d; answers not SIP %d; "
                + "KDMQ answered by the DMQ stand-in %,d%n", tcpOpened.sum(), tcpClosedByNode.sum(), notSip.sum(), peerAnswered));
        sb.append("mutations (messages carrying each):");
        for (Mutation m : Mutation.values()) {
            sb.append(String.format(Locale.ROOT, " %s=%,d", m.name().toLowerCase(Locale.ROOT), mutations.get(m).sum()));
        }
        sb.append(String.format(Locale.ROOT, " none=%,d%n", unmutated.sum()));
        sb.append("templates:");
        new TreeMap<>(templates).forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%,d", k, v.sum())));
        sb.append(String.format(Locale.ROOT, "%nprobes:"));
        new TreeMap<>(probes).forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %d answered (max %d ms, %d retransmitted)",
                k, v.done.sum(), v.maxMillis.get(), v.retried.sum())));
        sb.append(String.format(Locale.ROOT, "%nnode log: %,d lines, %,d bytes during the run (%.1f bytes per message); "
                        + "%,d rate-limited SIP stack lines, %,d oversize warnings, %,d undeliverable answers, "
                        + "%,d TCP readers ended by the RI's line-reader defect, %d unexpected%n",
                scan.lines(), scan.bytes(), scan.bytes() / (double) Math.max(1, count), scan.stackLines(),
                scan.oversizeWarnings(), scan.undeliverable(), scan.readerDeaths(), scan.unexpected().size()));
        Map<Fault, Long> byFault = new TreeMap<>();
        misbehaviours.forEach(m -> byFault.merge(m.fault(), 1L, Long::sum));
        sb.append(String.format(Locale.ROOT, "MISBEHAVIOURS %d %s%n", misbehaviours.size(), byFault));
        List<Misbehaviour> shown = new ArrayList<>(misbehaviours).subList(0, Math.min(SHOWN, misbehaviours.size()));
        for (Misbehaviour m : shown) {
            sb.append(String.format(Locale.ROOT, "  %s %s %s%n", m.fault(),
                    m.index() < 0 ? "-" : "replay " + settings.seed() + ":" + m.index(), m.detail()));
        }
        return sb.toString();
    }
}
