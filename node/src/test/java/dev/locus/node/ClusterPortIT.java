package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.RoutingMode;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What reaches a cluster through its own ports from outside Locus: the Hazelcast member port refuses Hazelcast
 * clients, even those that know the cluster name; the DMQ port takes no usrloc from a member's address.
 */
class ClusterPortIT {

    private static final String A = "127.0.0.231";
    private static final String B = "127.0.0.232";
    private static final int MEMBER_PORT = 5701;
    private static final String NAME = "cluster-port-it";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final List<LocusNode> nodes = new ArrayList<>();
    private static RpcClient rpcA;

    @BeforeAll
    static void start() {
        nodes.add(TestNodes.start(settings(A, B), Clock.systemUTC()));
        nodes.add(TestNodes.start(settings(B, A), Clock.systemUTC()));
        rpcA = new RpcClient(nodes.get(0).rpcAddress());
    }

    private static Map<String, String> settings(String ip, String other) {
        Map<String, String> s = TestNodes.settings(ip, MEMBER_PORT);
        s.put("cluster.name", NAME);
        s.put("cluster.members", A + ":" + MEMBER_PORT + "," + B + ":" + MEMBER_PORT);
        s.put("dmq.listen", "udp:" + ip + ":5090");
        s.put("dmq.notification_address", "sip:" + other + ":5090");
        s.put("dmq.ping_interval", "1");
        return s;
    }

    @AfterAll
    static void stop() {
        nodes.forEach(LocusNode::close);
    }

    @Test
    void aHazelcastClientThatKnowsTheClusterNameCannotConnectToTheMemberPort() {
        ClientConfig client = new ClientConfig();
        client.setClusterName(NAME);
        client.setProperty("hazelcast.logging.type", "slf4j");
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress(A + ":" + MEMBER_PORT).getClusterRoutingConfig()
                .setRoutingMode(RoutingMode.SINGLE_MEMBER);
        // The client gives up after this bound instead of retrying for ever.
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);

        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unable to connect");
    }

    @Test
    void aUsrlocKdmqFromAnotherMembersAddressIsRefusedAndNotApplied() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> assertThat(dmqNodes()).containsEntry(B, "active"));
        long now = System.currentTimeMillis() / 1000;
        String aor = "spoofed";
        String body = "{\"action\":1,\"aor\":\"" + aor + "\",\"ruid\":\"uloc-spoof\",\"c\":\"sip:" + aor
                + "@192.0.2.66:5060\",\"received\":\"\",\"path\":\"\",\"callid\":\"spoof\",\"user_agent\":\"\","
                + "\"instance\":\"\",\"expires\":" + (now + 600) + ",\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":-1,"
                + "\"last_modified\":" + now + ",\"methods\":4294967295,\"reg_id\":0,\"server_id\":0}";
        SipResponse answer;
        // From B's own IP, as a spoofed datagram would come: KDMQ trusts the source address.
        try (SipClient spoofer = new SipClient(Transport.UDP, B, new InetSocketAddress(A, 5090))) {
            answer = spoofer.request("KDMQ sip:usrloc@" + A + ":5090 SIP/2.0\r\nVia: " + spoofer.via("spoof1")
                    + "\r\nFrom: <sip:usrloc@" + B + ":5090>;tag=s1\r\nTo: <sip:usrloc@" + A
                    + ":5090>\r\nCall-ID: spoof@it\r\nCSeq: 10 KDMQ\r\nMax-Forwards: 1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.reason()).contains("cluster member");
        assertThat(rpcA.lookupContacts(aor)).isEmpty();
    }

    private static Map<String, String> dmqNodes() throws Exception {
        Map<String, String> out = new java.util.HashMap<>();
        JsonNode list = rpcA.result("dmq.list_nodes");
        list.forEach(n -> out.put(n.get("host").asText(), n.get("status").asText()));
        return out;
    }
}
