package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Locus nodes on {@code ::1}, told apart by port (SIP 16060/16061, DMQ 16070/16071, Hazelcast 16080/16081),
 * seeded with each other's DMQ URI and Hazelcast member address: DMQ and SIP over IPv6 end to end.
 */
class Ipv6ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int[] SIP = {16060, 16061};
    private static final int[] DMQ = {16070, 16071};
    private static final int[] HAZELCAST = {16080, 16081};
    private static final LocusNode[] nodes = new LocusNode[2];
    private static final RpcClient[] rpc = new RpcClient[2];

    @BeforeAll
    static void startCluster() {
        for (int i = 0; i < 2; i++) {
            int other = 1 - i;
            Map<String, String> settings = new HashMap<>(TestNodes.settings("::1", HAZELCAST[i]));
            settings.put("sip.listen", "udp:[::1]:" + SIP[i] + ",tcp:[::1]:" + SIP[i]);
            settings.put("cluster.name", "ipv6-cluster-it");
            settings.put("cluster.members", "[::1]:" + HAZELCAST[other]);
            settings.put("dmq.listen", "udp:[::1]:" + DMQ[i]);
            settings.put("dmq.notification_address", "sip:[::1]:" + DMQ[0] + ",sip:[::1]:" + DMQ[1]);
            settings.put("dmq.ping_interval", "1");
            nodes[i] = TestNodes.start(settings, Clock.systemUTC());
            rpc[i] = new RpcClient(nodes[i].rpcAddress());
        }
    }

    @AfterAll
    static void stopCluster() {
        for (LocusNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void eachNodeListsItselfOnceAndTheOtherAsActive() {
        Map<String, String> both = Map.of("[::1]:" + DMQ[0], "active", "[::1]:" + DMQ[1], "active");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(dmqNodes(0)).isEqualTo(both);
            assertThat(dmqNodes(1)).isEqualTo(both);
        });
    }

    @Test
    void aBindingRegisteredOverUdpAtOneNodeIsFoundAtTheOther() throws Exception {
        registerAndFind(Transport.UDP, "ulla");
    }

    @Test
    void aBindingRegisteredOverTcpAtOneNodeIsFoundAtTheOther() throws Exception {
        registerAndFind(Transport.TCP, "tomas");
    }

    private static void registerAndFind(Transport transport, String user) throws Exception {
        try (SipClient ua = new SipClient(transport, "::1", new InetSocketAddress("::1", SIP[0]))) {
            assertThat(ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@[2001:db8::7]:5060>")
                    .expires(600).to(ua)).status()).isEqualTo(200);
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(rpc[1].lookupContacts(user)).containsExactly("sip:" + user + "@[2001:db8::7]:5060"));
    }

    /** host:port → status, as dmq.list_nodes says. */
    private static Map<String, String> dmqNodes(int on) throws Exception {
        Map<String, String> out = new HashMap<>();
        JsonNode list = rpc[on].result("dmq.list_nodes");
        list.forEach(n -> out.put(n.get("host").asText() + ":" + n.get("port").asText(), n.get("status").asText()));
        return out;
    }
}
