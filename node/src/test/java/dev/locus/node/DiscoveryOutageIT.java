package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Dnsmasq;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Locus nodes on 127.0.0.191–192 found through a real DNS server (dnsmasq) that loses the name's records or
 * stops answering for a while: the nodes keep each other (dmq.dns_hold is longer than the outage) and KDMQ from
 * one is still taken by the other. Each test waits, through {@code dmq:discovery_troubles}, until both nodes went
 * through several ping rounds without an answer, and gives DNS back afterwards.
 */
class DiscoveryOutageIT {

    private static final String NAME = "outage.test";
    private static final String A = "127.0.0.191";
    private static final String B = "127.0.0.192";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TROUBLED_ROUNDS = 3;

    @TempDir
    static Path dir;
    private static Dnsmasq dns;
    private static final Map<String, LocusNode> nodes = new HashMap<>();
    private static final Map<String, RpcClient> rpc = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        dns = new Dnsmasq(dir).start(Map.of(NAME, List.of(A, B)), List.of());
        start(A);
        start(B);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        nodes.values().forEach(LocusNode::close);
        if (dns != null) {
            dns.resume();
            dns.close();
        }
    }

    private static void start(String ip) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, 5701));
        TestNodes.discovered(settings, ip, "discovery-outage-it", NAME, dns.server());
        settings.put("dmq.dns_hold", "600");
        LocusNode node = TestNodes.start(settings, Clock.systemUTC());
        nodes.put(ip, node);
        rpc.put(ip, new RpcClient(node.rpcAddress()));
    }

    @Test
    void nodesKeepEachOtherWhileTheNameHasNoRecords() throws Exception {
        bothActive();
        long[] before = troubles();
        dns.publish(Map.of());
        try {
            awaitTroubledRounds(before);
            assertKeepEachOther();
        } finally {
            dns.publish(Map.of(NAME, List.of(A, B)));
        }
    }

    @Test
    void nodesKeepEachOtherWhileTheDnsServerDoesNotAnswer() throws Exception {
        bothActive();
        long[] before = troubles();
        dns.pause();
        try {
            awaitTroubledRounds(before);
            assertKeepEachOther();
        } finally {
            dns.resume();
        }
    }

    private static void bothActive() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(dmqNodes(A)).containsEntry(B, "active");
            assertThat(dmqNodes(B)).containsEntry(A, "active");
        });
    }

    private static void awaitTroubledRounds(long[] before) {
        await().atMost(WAIT).untilAsserted(() -> {
            long[] now = troubles();
            assertThat(now[0]).as("rounds without DNS on " + A).isGreaterThanOrEqualTo(before[0] + TROUBLED_ROUNDS);
            assertThat(now[1]).as("rounds without DNS on " + B).isGreaterThanOrEqualTo(before[1] + TROUBLED_ROUNDS);
        });
    }

    private static void assertKeepEachOther() throws Exception {
        assertThat(dmqNodes(A)).containsEntry(B, "active");
        assertThat(dmqNodes(B)).containsEntry(A, "active");
        assertThat(kdmqFrom(B, A)).isEqualTo(200);
        assertThat(kdmqFrom(A, B)).isEqualTo(200);
    }

    /** A notification_peer KDMQ sent from {@code from}'s address to {@code to}'s DMQ socket: its status. */
    private static int kdmqFrom(String from, String to) throws Exception {
        String body = "sip:" + from + ":5090;status=active\r\n";
        try (SipClient client = new SipClient(Transport.UDP, from, new InetSocketAddress(to, 5090))) {
            String kdmq = "KDMQ sip:notification_peer@" + to + ":5090 SIP/2.0\r\nVia: " + client.via("out" + System.nanoTime())
                    + "\r\nFrom: <sip:notification_peer@" + from + ":5090>;tag=o\r\nTo: <sip:notification_peer@" + to
                    + ":5090>\r\nCall-ID: outage-" + System.nanoTime() + "@it\r\nCSeq: 10 KDMQ\r\nMax-Forwards: 1\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            return client.request(kdmq).status();
        }
    }

    private static long[] troubles() throws Exception {
        return new long[] {statistic(A, "discovery_troubles"), statistic(B, "discovery_troubles")};
    }

    private static long statistic(String on, String name) throws Exception {
        String line = rpc.get(on).result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }

    private static Map<String, String> dmqNodes(String on) throws Exception {
        Map<String, String> out = new HashMap<>();
        JsonNode list = rpc.get(on).result("dmq.list_nodes");
        list.forEach(n -> out.put(n.get("host").asText(), n.get("status").asText()));
        return out;
    }
}
