package dev.locus.node;

import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.Sockets;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIP over TCP under abuse, from raw sockets on several source addresses: connections beyond the caps are reset
 * at once without costing the node threads, idle ones are closed, trickled ones cut off, and the log and the
 * statistics say so.
 */
class TcpLimitsIT {

    /** A node with small caps (4 per source, 6 in all) and the default timeouts. */
    private static final String CAPPED = "127.0.0.246";
    /**
     * A node with the default caps, short timeouts (idle 3 s, a message whole within 3 s) and few descriptors (it
     * uses some 35 of them idle): connections use them up well below the caps.
     */
    private static final String TIMED = "127.0.0.250";
    private static final String SOURCE_A = "127.0.0.247";
    private static final String SOURCE_B = "127.0.0.248";
    private static final String SOURCE_C = "127.0.0.249";
    private static final int PER_IP = 4;
    private static final int TOTAL = 6;
    /** Long enough that a REGISTER answered on a loaded machine is never mistaken for silence. */
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration READ = Duration.ofSeconds(3);
    private static final int DESCRIPTORS = 128;
    /** Threads a node may start or end on its own (Hazelcast, Jetty, the summary writer) while a test looks. */
    private static final int THREAD_SLACK = 6;

    @TempDir
    static Path dir;
    private static NodeProcess capped;
    private static NodeProcess timed;
    private static RpcClient cappedRpc;
    private static RpcClient timedRpc;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        Map<String, String> caps = environment(CAPPED, 16201);
        caps.put("LOCUS_SIP_TCP_MAX_CONNECTIONS", Integer.toString(TOTAL));
        caps.put("LOCUS_SIP_TCP_MAX_CONNECTIONS_PER_IP", Integer.toString(PER_IP));
        Map<String, String> timeouts = environment(TIMED, 16211);
        timeouts.put("LOCUS_SIP_TCP_IDLE_TIMEOUT", Long.toString(IDLE.toSeconds()));
        timeouts.put("LOCUS_SIP_TCP_READ_TIMEOUT", Long.toString(READ.toSeconds()));
        capped = new NodeProcess(caps, log(CAPPED)).start();
        timed = new NodeProcess(timeouts, log(TIMED)).openFileLimit(DESCRIPTORS).start();
        cappedRpc = new RpcClient(new InetSocketAddress(CAPPED, 16201));
        timedRpc = new RpcClient(new InetSocketAddress(TIMED, 16211));
        for (String host : List.of(CAPPED, TIMED)) {
            NodeProcess node = host.equals(CAPPED) ? capped : timed;
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log(host)) && Files.readString(log(host)).contains("serving SIP on")));
            assertThat(node.isAlive()).as("node %s started", host).isTrue();
        }
    }

    private static Map<String, String> environment(String host, int rpcPort) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCUS_SIP_LISTEN", "udp:" + host + ":5060,tcp:" + host + ":5060");
        env.put("LOCUS_RPC_ADDRESS", host);
        env.put("LOCUS_RPC_PORT", Integer.toString(rpcPort));
        env.put("LOCUS_CLUSTER_BIND_ADDRESS", host);
        env.put("LOCUS_CLUSTER_PORT", Integer.toString(rpcPort + 1));
        env.put("LOCUS_CLUSTER_NAME", "tcp-limits-it-" + rpcPort);
        env.put("LOCUS_UACREG_ENABLED", "false");
        return env;
    }

    private static Path log(String host) {
        return dir.resolve(host + ".log");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (NodeProcess node : new NodeProcess[] {capped, timed}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Every test starts from a node with no connection open: the slots of closed ones have been given back. */
    @AfterEach
    void closeConnections() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(statistic(cappedRpc, "current_opened_connections")).isZero();
            assertThat(statistic(timedRpc, "current_opened_connections")).isZero();
        });
    }

    @Test
    void connectionsBeyondTheCapOfOneSourceAreResetAtOnceWithoutThreadsWhileAnotherSourceRegisters()
            throws Exception {
        List<Socket> held = connect(SOURCE_A, CAPPED, PER_IP - 1);
        SipClient holder = open(new SipClient(Transport.TCP, SOURCE_A, new InetSocketAddress(CAPPED, 5060)));
        Register holding = Register.of("holder", "example.com")
                .contact("<sip:holder@" + SOURCE_A + ";transport=tcp>").expires(300);
        // Answered: the last of the source's connections is admitted, with the RI's threads running.
        assertThat(holder.request(holding.to(holder)).status()).isEqualTo(200);
        long threadsHolding = threads(capped);
        long logBefore = Files.size(log(CAPPED));

        List<Socket> extra = connect(SOURCE_A, CAPPED, 20);
        for (Socket s : extra) {
            await().atMost(Duration.ofSeconds(5)).until(() -> Sockets.closedByNode(s));
        }
        for (Socket s : held) {
            assertThat(Sockets.closedByNode(s)).as("an admitted connection").isFalse();
        }
        assertThat(holder.request(holding.next().to(holder)).status()).as("a request over an admitted connection")
                .isEqualTo(200);
        assertThat(threads(capped)).as("threads after 20 refused connections")
                .isLessThanOrEqualTo(threadsHolding + THREAD_SLACK);

        try (SipClient other = open(new SipClient(Transport.TCP, SOURCE_B, new InetSocketAddress(CAPPED, 5060)))) {
            assertThat(other.request(Register.of("other-source", "example.com")
                    .contact("<sip:other@" + SOURCE_B + ";transport=tcp>").expires(300).to(other)).status())
                    .isEqualTo(200);
        }
        List<String> lines = logSince(CAPPED, logBefore).stream()
                .filter(l -> l.contains("sip.tcp_max_connections_per_ip=" + PER_IP)).toList();
        assertThat(lines).as("WARN lines for 20 refusals").hasSizeBetween(1, 2);
        assertThat(lines.get(0)).contains("WARN").contains("SIP TCP connection from " + SOURCE_A + " refused");
        assertThat(statistic(cappedRpc, "current_opened_connections")).as("the refused ones never counted")
                .isEqualTo(PER_IP);
        assertThat(statistic(cappedRpc, "local_reject")).isGreaterThanOrEqualTo(20);
    }

    @Test
    void connectionsBeyondTheTotalCapAreResetFromAnySourceWhileTheAdmittedOnesAreStillAnswered() throws Exception {
        connect(SOURCE_A, CAPPED, PER_IP);
        List<SipClient> clients = new ArrayList<>();
        for (int i = 0; i < TOTAL - PER_IP; i++) {
            clients.add(open(new SipClient(Transport.TCP, SOURCE_B, new InetSocketAddress(CAPPED, 5060))));
        }
        // The last admitted connection is known to be in when it is answered.
        for (SipClient client : clients) {
            assertThat(client.request(Register.of("total-" + client.localPort(), "example.com")
                    .contact("<sip:t@" + SOURCE_B + ";transport=tcp>").expires(300).to(client)).status())
                    .isEqualTo(200);
        }
        long logBefore = Files.size(log(CAPPED));

        Socket refused = connect(SOURCE_C, CAPPED, 1).get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> Sockets.closedByNode(refused));
        SipClient admitted = clients.get(0);
        assertThat(admitted.request(Register.of("total-again", "example.com")
                .contact("<sip:t@" + SOURCE_B + ";transport=tcp>").expires(300).to(admitted)).status())
                .as("a request over an admitted connection while the cap is reached").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> logSince(CAPPED, logBefore).stream().anyMatch(l ->
                l.contains("WARN") && l.contains("SIP TCP connection from " + SOURCE_C
                        + " refused: sip.tcp_max_connections=" + TOTAL + " reached")));

        // A closed connection gives its slot back.
        clients.remove(admitted);
        admitted.close();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                statistic(cappedRpc, "current_opened_connections") == TOTAL - 1);
        assertThat(register(SOURCE_C, CAPPED, "after-close").status()).isEqualTo(200);
    }

    @Test
    void aConnectionThatCarriesNothingIsClosedAfterTheIdleTimeoutWhileOneThatRegistersStaysOpen() throws Exception {
        long threadsBefore = threads(timed);
        Socket idle = connect(SOURCE_A, TIMED, 1).get(0);
        long openedAt = System.nanoTime();
        SipClient active = open(new SipClient(Transport.TCP, SOURCE_B, new InetSocketAddress(TIMED, 5060)));
        Register refresh = Register.of("active", "example.com")
                .contact("<sip:active@" + SOURCE_B + ";transport=tcp>").expires(300);

        // A REGISTER on every poll, four times a second: the active connection never waits as long as the timeout.
        await().atMost(IDLE.multipliedBy(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                active.request(refresh.next().to(active)).status() == 200 && Sockets.closedByNode(idle));
        assertThat(Duration.ofNanos(System.nanoTime() - openedAt)).as("open until the idle timeout")
                .isGreaterThanOrEqualTo(IDLE.minusMillis(300));
        await().during(IDLE).atMost(IDLE.multipliedBy(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> active.request(refresh.next().to(active)).status() == 200);

        active.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> threads(timed) <= threadsBefore + THREAD_SLACK);
        assertThat(statistic(timedRpc, "con_timeout")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void idleConnectionsAreReapedAndTheirThreadsFreed() throws Exception {
        long threadsBefore = threads(timed);
        connect(SOURCE_C, TIMED, 50);
        // Two threads each while open: the RI's reader and its parser.
        await().atMost(Duration.ofSeconds(5)).until(() -> threads(timed) >= threadsBefore + 100);
        await().atMost(IDLE.plusSeconds(5)).until(() -> threads(timed) <= threadsBefore + THREAD_SLACK);
        assertThat(statistic(timedRpc, "current_opened_connections")).isZero();
        assertThat(statistic(timedRpc, "con_timeout")).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aMessageTrickledSlowerThanTheReadTimeoutIsCutOff() throws Exception {
        Socket trickle = connect(SOURCE_A, TIMED, 1).get(0);
        OutputStream out = trickle.getOutputStream();
        out.write(("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP " + SOURCE_A + ":" + trickle.getLocalPort()
                + ";branch=z9hG4bKtrickle\r\n").getBytes(StandardCharsets.US_ASCII));
        long startedAt = System.nanoTime();
        // One header byte every 300 ms: never idle, never whole.
        await().atMost(READ.plusSeconds(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try {
                out.write('X');
                out.flush();
            } catch (IOException e) {
                return true;
            }
            return Sockets.closedByNode(trickle);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).as("cut off after the read timeout, not before")
                .isGreaterThanOrEqualTo(READ.minusMillis(300));
    }

    @Test
    void atTheDescriptorLimitAcceptingPausesWithAWarningAndResumesOnceConnectionsClose() throws Exception {
        long logBefore = Files.size(log(TIMED));
        // Eight at a time until the node says it cannot accept: more would wait on a full listen backlog.
        for (int opened = 0; opened < 2 * DESCRIPTORS && logSince(TIMED, logBefore).stream()
                .noneMatch(l -> l.contains("SIP TCP accept on " + TIMED + ":5060 failed")); opened += 8) {
            connect(SOURCE_A, TIMED, 8);
        }
        assertThat(logSince(TIMED, logBefore)).as("the node's log").anyMatch(l -> l.contains("WARN")
                && l.contains("SIP TCP accept on " + TIMED + ":5060 failed (Too many open files)"));

        closeConnections();
        assertThat(register(SOURCE_B, TIMED, "after-exhaustion").status()).isEqualTo(200);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /**
     * Connections from {@code source}, opened concurrently as a flood would be, none of them sending; one the node
     * reset while it was being opened comes back closed.
     */
    private List<Socket> connect(String source, String node, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 8));
        try {
            List<Future<Socket>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                    try {
                        s.connect(new InetSocketAddress(node, 5060), 5000);
                    } catch (SocketException e) {
                        // Reset before connect() returned: refused at once, and the socket is closed.
                        s.close();
                    }
                    return s;
                }));
            }
            List<Socket> sockets = new ArrayList<>();
            for (Future<Socket> f : futures) {
                sockets.add(open(f.get()));
            }
            return sockets;
        } finally {
            pool.shutdownNow();
        }
    }

    private static dev.locus.node.support.SipResponse register(String source, String node, String user)
            throws IOException {
        try (SipClient client = new SipClient(Transport.TCP, source, new InetSocketAddress(node, 5060))) {
            return client.request(Register.of(user, "example.com")
                    .contact("<sip:" + user + "@" + source + ";transport=tcp>").expires(300).to(client));
        }
    }

    private static long threads(NodeProcess node) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(node.pid()), "task"))) {
            return tasks.count();
        }
    }

    private static long statistic(RpcClient rpc, String name) throws Exception {
        String line = rpc.result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }

    private static List<String> logSince(String host, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log(host));
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).lines().toList();
    }
}
