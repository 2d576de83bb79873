package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Dnsmasq;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Locus nodes on 127.0.0.61–66 finding each other through a real DNS server (dnsmasq): one name, A records;
 * bindings shared through Hazelcast; nodes joining and leaving the DMQ cluster as DNS changes.
 * <p>
 * Nodes A and B are in the name from the start and stay; a test that adds a node to the name, or removes one,
 * does it with a node of its own, and every test registers AORs of its own.
 */
class ClusterIT {

    private static final String NAME = "locus.test";
    private static final String A = "127.0.0.61";
    private static final String B = "127.0.0.62";
    /** Joins in {@link #aNodeAddedToTheNameJoinsAndServesEveryBinding}. */
    private static final String C = "127.0.0.63";
    private static final String NOT_IN_THE_NAME = "127.0.0.64";
    /** Joins, then leaves, in {@link #aNodeRemovedFromTheNameLeavesAndItsBindingsStay}. */
    private static final String D = "127.0.0.65";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Dnsmasq dns;
    /** What the name resolves to now. */
    private static final List<String> inTheName = new ArrayList<>(List.of(A, B));
    private static final Map<String, LocusNode> nodes = new HashMap<>();
    private static final Map<String, RpcClient> rpc = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        dns = new Dnsmasq(dir).start(Map.of(NAME, List.copyOf(inTheName)), List.of());
        start(A);
        start(B);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        nodes.values().forEach(LocusNode::close);
        if (dns != null) {
            dns.close();
        }
    }

    private static void start(String ip) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, 5701));
        TestNodes.discovered(settings, ip, "cluster-it", NAME, dns.server());
        LocusNode node = TestNodes.start(settings, Clock.systemUTC());
        nodes.put(ip, node);
        rpc.put(ip, new RpcClient(node.rpcAddress()));
    }

    private static void addToTheName(String ip) throws IOException {
        inTheName.add(ip);
        dns.publish(Map.of(NAME, List.copyOf(inTheName)));
    }

    private static void removeFromTheName(String ip) throws IOException {
        inTheName.remove(ip);
        dns.publish(Map.of(NAME, List.copyOf(inTheName)));
    }

    private static void register(String on, String user) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(on, 5060))) {
            assertThat(ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.7:5060>")
                    .expires(600).to(ua)).status()).isEqualTo(200);
        }
    }

    private static Map<String, String> dmqNodes(String on) throws Exception {
        Map<String, String> out = new HashMap<>();
        JsonNode list = rpc.get(on).result("dmq.list_nodes");
        list.forEach(n -> out.put(n.get("host").asText(), n.get("status").asText() + "/" + n.get("kind").asText()));
        return out;
    }

    @Test
    void nodesInTheNameFindEachOtherAndShareBindings() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> assertThat(dmqNodes(A)).containsEntry(B, "active/locus"));
        register(A, "anna");
        register(B, "bert");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String on : List.of(A, B)) {
                assertThat(rpc.get(on).lookupContacts("anna")).containsExactly("sip:anna@192.0.2.7:5060");
                assertThat(rpc.get(on).lookupContacts("bert")).containsExactly("sip:bert@192.0.2.7:5060");
            }
        });
    }

    @Test
    void aNodeAddedToTheNameJoinsAndServesEveryBinding() throws Exception {
        register(A, "dina");
        addToTheName(C);
        start(C);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rpc.get(C).lookupContacts("dina")).containsExactly("sip:dina@192.0.2.7:5060");
            assertThat(dmqNodes(A)).containsEntry(C, "active/locus");
            assertThat(dmqNodes(B)).containsEntry(C, "active/locus");
        });
        register(C, "cara");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String on : List.of(A, B)) {
                assertThat(rpc.get(on).lookupContacts("cara")).containsExactly("sip:cara@192.0.2.7:5060");
            }
        });
    }

    @Test
    void aNodeRemovedFromTheNameLeavesAndItsBindingsStay() throws Exception {
        addToTheName(D);
        start(D);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String on : inTheName) {
                assertThat(members(on)).as("members seen by " + on).isEqualTo(inTheName.size());
                for (String other : inTheName) {
                    if (!other.equals(on)) {
                        assertThat(dmqNodes(on)).containsEntry(other, "active/locus");
                    }
                }
            }
        });
        register(A, "hana");
        register(B, "ivo");
        register(D, "jan");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String on : inTheName) {
                for (String user : List.of("hana", "ivo", "jan")) {
                    assertThat(rpc.get(on).lookupContacts(user)).as(user + " on " + on).hasSize(1);
                }
            }
        });

        removeFromTheName(D);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String on : inTheName) {
                assertThat(dmqNodes(on)).doesNotContainKey(D);
                assertThat(members(on)).isEqualTo(inTheName.size());
            }
        });
        List<String> still = new ArrayList<>(dmqNodes(A).keySet());
        assertThat(still).containsExactlyInAnyOrderElementsOf(inTheName);
        for (String user : List.of("hana", "ivo", "jan")) {
            for (String on : inTheName) {
                assertThat(rpc.get(on).lookupContacts(user)).as(user + " on " + on).hasSize(1);
            }
        }
    }

    @Test
    void aNodeThatIsNotInTheNameDoesNotJoin() {
        assertThatThrownBy(() -> start(NOT_IN_THE_NAME))
                .hasMessageContaining("is not in dmq.notification_address");
    }

    @Test
    void kdmqIsTakenOnlyOnTheDmqSocketAndOnlyFromNodes() throws Exception {
        String kdmq = "KDMQ sip:usrloc@" + A + ":5090 SIP/2.0\r\nVia: %s\r\nFrom: <sip:usrloc@127.0.0.1:5090>;tag=x\r\n"
                + "To: <sip:usrloc@" + A + ":5090>\r\nCall-ID: stranger@it\r\nCSeq: 10 KDMQ\r\nMax-Forwards: 1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"action\":3}";
        try (SipClient stranger = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(A, 5090))) {
            var refused = stranger.request(kdmq.formatted(stranger.via("k1")));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.reason()).contains("not a DMQ node");
            String options = "OPTIONS sip:" + A + ":5090 SIP/2.0\r\nVia: " + stranger.via("o1") + "\r\nFrom: <sip:x@y>;tag=1\r\n"
                    + "To: <sip:" + A + ">\r\nCall-ID: opt@it\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            assertThat(stranger.request(options).reason()).contains("only KDMQ");
        }
        try (SipClient onSip = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(A, 5060))) {
            var refused = onSip.request(kdmq.formatted(onSip.via("k2")).replace(":5090 SIP/2.0", ":5060 SIP/2.0"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.reason()).contains("KDMQ only on the DMQ port");
        }
    }

    @Test
    void dmqRemoveDropsANodeAndSaysSoForAnUnknownOne() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> assertThat(dmqNodes(A)).containsEntry(B, "active/locus"));
        assertThat(rpc.get(A).call("dmq.remove", "sip:" + NOT_IN_THE_NAME + ":5090").at("/error/code").asInt())
                .isEqualTo(404);
        assertThat(rpc.get(A).call("dmq.remove", "not a uri").at("/error/code").asInt()).isEqualTo(-32602);
        // Removal and listing in one batch, answered in order: B, still in the name and pinging, is announced to
        // A again within a ping interval (1 s), so a list asked for separately may already show it back.
        JsonNode answers = rpc.get(A).post("""
                [{"jsonrpc": "2.0", "method": "dmq.remove", "params": ["sip:%s:5090"], "id": 1},
                 {"jsonrpc": "2.0", "method": "dmq.list_nodes", "id": 2}]""".formatted(B)).body();
        assertThat(answers.get(0).get("result")).as(answers.toString()).isEmpty();
        List<String> listed = new ArrayList<>();
        answers.get(1).get("result").forEach(n -> listed.add(n.get("host").asText()));
        assertThat(listed).contains(A).doesNotContain(B);
    }

    private static long members(String on) throws Exception {
        String line = rpc.get(on).result("stats.get_statistics", "members").get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }
}
