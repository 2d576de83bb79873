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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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
 * Locus nodes on 127.0.0.61–63 finding each other through a real DNS server (dnsmasq): one name, A records;
 * bindings shared through Hazelcast; nodes joining and leaving the DMQ cluster as DNS changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String NAME = "locus.test";
    private static final String A = "127.0.0.61";
    private static final String B = "127.0.0.62";
    private static final String C = "127.0.0.63";
    private static final Duration WAIT = Duration.ofSeconds(30);

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
            dns.close();
        }
    }

    private static void start(String ip) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, 5701));
        settings.put("cluster.name", "cluster-it");
        settings.put("dmq.listen", "udp:" + ip + ":5090");
        settings.put("dmq.notification_address", "sip:" + NAME + ":5090");
        settings.put("dmq.dns_server", dns.server());
        settings.put("dmq.ping_interval", "1");
        LocusNode node = TestNodes.start(settings, Clock.systemUTC());
        nodes.put(ip, node);
        rpc.put(ip, new RpcClient(node.rpcAddress()));
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
    @Order(1)
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
    @Order(2)
    void aNodeAddedToTheNameJoinsAndServesEveryBinding() throws Exception {
        dns.publish(Map.of(NAME, List.of(A, B, C)));
        start(C);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rpc.get(C).lookupContacts("anna")).containsExactly("sip:anna@192.0.2.7:5060");
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
    @Order(3)
    void aNodeRemovedFromTheNameLeavesAndItsBindingsStay() throws Exception {
        dns.publish(Map.of(NAME, List.of(A, C)));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(dmqNodes(A)).doesNotContainKey(B);
            assertThat(dmqNodes(C)).doesNotContainKey(B);
            assertThat(members(A)).isEqualTo(2);
            assertThat(members(C)).isEqualTo(2);
        });
        List<String> still = new ArrayList<>(dmqNodes(A).keySet());
        assertThat(still).containsExactlyInAnyOrder(A, C);
        for (String user : List.of("anna", "bert", "cara")) {
            assertThat(rpc.get(A).lookupContacts(user)).as(user).hasSize(1);
            assertThat(rpc.get(C).lookupContacts(user)).as(user).hasSize(1);
        }
    }

    @Test
    @Order(4)
    void aNodeThatIsNotInTheNameDoesNotJoin() {
        assertThatThrownBy(() -> start("127.0.0.64"))
                .hasMessageContaining("is not in dmq.notification_address");
    }

    @Test
    @Order(5)
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
    @Order(6)
    void dmqRemoveDropsANodeAndSaysSoForAnUnknownOne() throws Exception {
        assertThat(rpc.get(A).call("dmq.remove", "sip:" + B + ":5090").at("/error/code").asInt()).isEqualTo(404);
        assertThat(rpc.get(A).call("dmq.remove", "not a uri").at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(rpc.get(A).result("dmq.remove", "sip:" + C + ":5090")).isEmpty();
        assertThat(dmqNodes(A)).doesNotContainKey(C);
    }

    private static long members(String on) throws Exception {
        String line = rpc.get(on).result("stats.get_statistics", "members").get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }
}
