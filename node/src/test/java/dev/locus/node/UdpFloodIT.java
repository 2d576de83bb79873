package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One source floods a node with 16 KB garbage datagrams at about 15,000/s for 10 s while another source sends
 * valid OPTIONS and REGISTER probes, one every 100 ms: the probes are answered, the node's memory holds, and it
 * serves SIP and JSON-RPC afterwards. Every other datagram of the flood is random bytes, dropped on receipt as not
 * SIP; the others start with a request line and carry 16 KB of junk, so they reach the receive queue and the SIP
 * threads, which refuse them (no Via, From, To...).
 */
class UdpFloodIT {

    private static final String HOST = "127.0.0.241";
    private static final String FLOODER = "127.0.0.242";
    private static final String PROBER = "127.0.0.243";
    private static final InetSocketAddress NODE = new InetSocketAddress(HOST, 5060);
    private static final int RPC_PORT = 16101;

    private static final int DATAGRAM_BYTES = 16 * 1024;
    private static final int RATE = 15_000;
    private static final Duration FLOOD = Duration.ofSeconds(10);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    /** Well inside a UA's first retransmission interval pair (T1 500 ms, then 1 s): an answer a UA still takes. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Hard to reach from the flood alone: a rate-limited line every 10 s, and the stack's throttled warnings. */
    private static final long LOG_BYTES_BOUND = 64 * 1024;

    private static Map<String, String> environment() {
        return Map.of("LOCUS_SIP_LISTEN", "udp:" + HOST + ":5060,tcp:" + HOST + ":5060",
                "LOCUS_RPC_ADDRESS", HOST,
                "LOCUS_RPC_PORT", Integer.toString(RPC_PORT),
                "LOCUS_CLUSTER_BIND_ADDRESS", HOST,
                "LOCUS_CLUSTER_PORT", "16102",
                "LOCUS_CLUSTER_NAME", "udp-flood-it",
                "LOCUS_UACREG_ENABLED", "false");
    }

    @Test
    void aOneSourceFloodOfGarbageLeavesOtherSourcesAnsweredAndTheNodeWhole(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        try (NodeProcess node = new NodeProcess(environment(), log, List.of("-Xmx1g")).start();
             SipClient prober = new SipClient(Transport.UDP, PROBER, NODE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            assertThat(node.isAlive()).as("the node started").isTrue();
            long logBefore = Files.size(log);

            long kernelDropsBefore = kernelReceiveBufferDrops();
            Probes probes = new Probes(prober);
            Flood flood = new Flood();
            Thread flooding = new Thread(flood, "udp-flood");
            flooding.start();
            long floodStart = System.nanoTime();
            probes.sendUntil(floodStart + FLOOD.toNanos());
            flooding.join(FLOOD.plusSeconds(10).toMillis());
            double floodSeconds = flood.seconds();
            await().atMost(PROBE_TIMEOUT.plusSeconds(1)).until(probes::settled);
            probes.stop();

            long sent = flood.sent.get();
            int answered = probes.answered();
            System.out.printf("udp flood: %d datagrams of %d bytes in %.1f s (%.0f/s), %d send errors; "
                            + "probes answered %d of %d; datagrams the kernel dropped for a full socket buffer: %d%n",
                    sent, DATAGRAM_BYTES, floodSeconds, sent / floodSeconds, flood.errors.get(), answered,
                    probes.sent(), kernelReceiveBufferDrops() - kernelDropsBefore);
            assertThat(sent / floodSeconds).as("the flood's rate (datagrams/s)").isGreaterThan(RATE * 0.6);
            assertThat(answered).as("probes answered within %s during the flood, of %d", PROBE_TIMEOUT, probes.sent())
                    .isGreaterThanOrEqualTo((int) Math.ceil(probes.sent() * 0.8));
            assertThat(node.isAlive()).as("the node survived the flood").isTrue();

            try (SipClient udp = new SipClient(Transport.UDP, PROBER, NODE);
                 SipClient tcp = new SipClient(Transport.TCP, PROBER, NODE)) {
                SipResponse overUdp = udp.request(Register.of("after-udp", "example.com")
                        .contact("<sip:after-udp@192.0.2.20>").expires(300).to(udp));
                assertThat(overUdp.status()).isEqualTo(200);
                assertThat(udp.lastSender()).as("answered from the SIP socket").contains(NODE);
                assertThat(tcp.request(Register.of("after-tcp", "example.com")
                        .contact("<sip:after-tcp@192.0.2.21>").expires(300).to(tcp)).status()).isEqualTo(200);
            }
            RpcClient rpc = new RpcClient(new InetSocketAddress(HOST, RPC_PORT));
            assertThat(rpc.result("ul.dump", "brief").toString()).contains("after-udp").contains("after-tcp");
            long queueDrops = statistic(rpc, "core:", "core:udp_queue_drops");
            long notSip = statistic(rpc, "core:", "core:udp_not_sip_drops");
            System.out.printf("udp flood: node dropped %d datagrams at its full receive queue, %d as not SIP%n",
                    queueDrops, notSip);
            assertThat(notSip).as("random datagrams dropped on receipt").isPositive();
            assertThat(queueDrops + notSip).as("datagrams dropped on receipt").isPositive();

            long logGrowth = Files.size(log) - logBefore;
            assertThat(logGrowth).as("log bytes written during and after the flood").isLessThan(LOG_BYTES_BOUND);
        }
    }

    private static long statistic(RpcClient rpc, String group, String name) throws IOException, InterruptedException {
        JsonNode result = rpc.result("stats.get_statistics", group);
        for (JsonNode line : result) {
            String text = line.asText();
            if (text.startsWith(name + " = ")) {
                return Long.parseLong(text.substring(name.length() + 3));
            }
        }
        throw new AssertionError(name + " missing from " + result);
    }

    /**
     * UDP RcvbufErrors from /proc/net/snmp (Linux; -1 elsewhere), printed to tell probes the node lost from probes
     * the kernel dropped before the node could read them (a receiver thread starved of CPU).
     */
    private static long kernelReceiveBufferDrops() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp: ") && lines.get(i + 1).startsWith("Udp: ")) {
                    List<String> names = List.of(lines.get(i).split(" "));
                    int at = names.indexOf("RcvbufErrors");
                    return at < 0 ? -1 : Long.parseLong(lines.get(i + 1).split(" ")[at]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the figure is only printed.
        }
        return -1;
    }

    /**
     * 16 KB datagrams from one address, paced to {@link #RATE} per second for {@link #FLOOD}: random bytes and a
     * request line followed by the same junk, in turn.
     */
    private static final class Flood implements Runnable {

        final AtomicLong sent = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private volatile long elapsed;

        @Override
        public void run() {
            byte[] garbage = new byte[DATAGRAM_BYTES];
            new Random(11).nextBytes(garbage);
            byte[] sipShaped = garbage.clone();
            byte[] requestLine = "REGISTER sip:flood@example.com SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(requestLine, 0, sipShaped, 0, requestLine.length);
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(FLOODER), 0))) {
                DatagramPacket random = new DatagramPacket(garbage, garbage.length, NODE);
                DatagramPacket junk = new DatagramPacket(sipShaped, sipShaped.length, NODE);
                long start = System.nanoTime();
                long end = start + FLOOD.toNanos();
                long now;
                while ((now = System.nanoTime()) < end) {
                    long due = (now - start) * RATE / 1_000_000_000L;
                    if (sent.get() >= due) {
                        LockSupport.parkNanos(100_000);
                        continue;
                    }
                    try {
                        socket.send(sent.get() % 2 == 0 ? random : junk);
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
                elapsed = System.nanoTime() - start;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        double seconds() {
            return elapsed / 1e9;
        }
    }

    /** Valid requests, alternately OPTIONS and REGISTER, each counted as answered if its answer comes in time. */
    private static final class Probes {

        private final SipClient client;
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread receiver;
        private volatile long lastSent;

        Probes(SipClient client) {
            this.client = client;
            this.receiver = new Thread(this::receive, "udp-probe-receiver");
            receiver.setDaemon(true);
            receiver.start();
        }

        void sendUntil(long endNanos) throws IOException {
            long next = System.nanoTime();
            int n = 0;
            while (next < endNanos) {
                String callId = "probe-" + n + "-" + System.nanoTime();
                String request = n % 2 == 0 ? options(callId, n) : Register.of("probe" + n, "example.com")
                        .callId(callId).contact("<sip:probe" + n + "@192.0.2.10>").expires(300).to(client);
                lastSent = System.nanoTime();
                sentAt.put(callId, lastSent);
                client.send(request);
                n++;
                next += PROBE_INTERVAL.toNanos();
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }

        private String options(String callId, int n) {
            return "OPTIONS sip:" + HOST + ":5060 SIP/2.0\r\n"
                    + "Via: " + client.via("opt" + n + "x" + System.nanoTime()) + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:prober@example.com>;tag=p" + n + "\r\n"
                    + "To: <sip:" + HOST + ":5060>\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }

        private void receive() {
            while (running.get()) {
                try {
                    Optional<SipResponse> response = client.receive();
                    long at = System.nanoTime();
                    response.flatMap(r -> r.first("call-id")).ifPresent(id -> answeredAt.putIfAbsent(id, at));
                } catch (IOException e) {
                    return; // the socket was closed: the test is over
                }
            }
        }

        /** Every probe is answered, or has had its time. */
        boolean settled() {
            return answeredAt.size() == sentAt.size() || System.nanoTime() - lastSent > PROBE_TIMEOUT.toNanos();
        }

        int sent() {
            return sentAt.size();
        }

        int answered() {
            int n = 0;
            for (Map.Entry<String, Long> probe : sentAt.entrySet()) {
                Long at = answeredAt.get(probe.getKey());
                if (at != null && at - probe.getValue() <= PROBE_TIMEOUT.toNanos()) {
                    n++;
                }
            }
            return n;
        }

        /** The receiver ends at its next read timeout, or when the client is closed. */
        void stop() {
            running.set(false);
        }
    }
}
