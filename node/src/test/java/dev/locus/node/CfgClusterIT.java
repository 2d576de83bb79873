package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kamailio's {@code cfg.set registrar ...} on a Locus cluster: a change made over JSON-RPC on one node is in effect
 * on the other for the REGISTERs it answers (default_expires, min_expires, max_expires, max_contacts), and on a
 * node that joins afterwards; {@code stats.get_statistics} reports the values in effect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CfgClusterIT {

    private static final String A = "127.0.0.186";
    private static final String B = "127.0.0.187";
    private static final String C = "127.0.0.188";
    private static final String PHONE = "127.0.0.193";
    private static final Map<String, Integer> CLUSTER_PORTS = Map.of(A, 17501, B, 17502, C, 17503);
    private static final int SIP_PORT = 17505;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final List<LocusNode> nodes = new ArrayList<>();
    private static RpcClient rpcA;
    private static RpcClient rpcB;

    private static LocusNode start(String ip) {
        Map<String, String> s = TestNodes.settings(ip, CLUSTER_PORTS.get(ip));
        s.put("sip.listen", "udp:" + ip + ":" + SIP_PORT);
        s.put("cluster.name", "cfg-cluster-it");
        s.put("cluster.members", A + ":" + CLUSTER_PORTS.get(A) + "," + B + ":" + CLUSTER_PORTS.get(B));
        // The configuration file's values, which cfg.set overrides for the cluster.
        s.put("registrar.default_expires", "3600");
        s.put("registrar.min_expires", "60");
        s.put("registrar.max_expires", "0");
        s.put("registrar.max_contacts", "10");
        LocusNode node = LocusNode.start(LocusConfig.from(s), Clock.systemUTC());
        nodes.add(node);
        return node;
    }

    @BeforeAll
    static void startCluster() {
        rpcA = new RpcClient(start(A).rpcAddress());
        rpcB = new RpcClient(start(B).rpcAddress());
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(rpcA.result("stats.get_statistics", "cluster:").toString()).contains("cluster:members = 2");
            assertThat(rpcB.result("stats.get_statistics", "cluster:").toString()).contains("cluster:members = 2");
        });
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(LocusNode::close);
    }

    private static SipResponse register(String on, Register register) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, PHONE, new InetSocketAddress(on, SIP_PORT))) {
            return ua.request(register.to(ua));
        }
    }

    private static String contact(String user, int n) {
        return "sip:" + user + "@192.0.2." + n + ":5060";
    }

    @Test
    @Order(1)
    void defaultExpiresSetOnOneNodeIsWhatAnotherGrants() throws Exception {
        String c = contact("dflt", 1);
        assertThat(register(B, Register.of("dflt", "example.com").contact("<" + c + ">")).contactExpires(c))
                .isEqualTo(3600);

        assertThat(rpcA.call("cfg.set", "registrar", "default_expires", 120).get("result")).isEqualTo(
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        // In effect on A when the command returns; on B as soon as the cluster has told it.
        assertThat(rpcA.result("cfg.get", "registrar", "default_expires").asLong()).isEqualTo(120);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(rpcB.result("cfg.get", "registrar", "default_expires").asLong()).isEqualTo(120));

        Register refresh = Register.of("dflt2", "example.com").contact("<" + c + ">");
        SipResponse ok = register(B, refresh);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contactExpires(c)).isEqualTo(120);
        assertThat(rpcB.result("stats.get_statistics", "registrar:").toString())
                .contains("registrar:default_expire = 120");
    }

    @Test
    @Order(2)
    void minMaxAndMaxContactsSetOnBHoldOnA() throws Exception {
        rpcB.result("cfg.seti", "registrar", "min_expires", 300);
        rpcB.result("cfg.sets", "registrar", "max_expires", "900");
        rpcB.result("cfg.set_now_int", "registrar", "max_contacts", 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(rpcA.result("cfg.get", "registrar")).hasToString(
                "{\"default_expires\":120,\"min_expires\":300,\"max_expires\":900,\"max_contacts\":1}"));

        String c1 = contact("limits", 1);
        SipResponse brief = register(A, Register.of("limits", "example.com").contact("<" + c1 + ">").expires(200));
        assertThat(brief.status()).isEqualTo(423);
        assertThat(brief.first("Min-Expires")).contains("300");

        SipResponse lowered = register(A, Register.of("limits", "example.com").contact("<" + c1 + ">").expires(5000));
        assertThat(lowered.status()).isEqualTo(200);
        assertThat(lowered.contactExpires(c1)).isEqualTo(900);

        String c2 = contact("limits", 2);
        SipResponse full = register(A, Register.of("limits", "example.com").contact("<" + c2 + ">").expires(600));
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.reason()).isEqualTo("Too many registered contacts");

        rpcA.result("cfg.set", "registrar", "max_contacts", "0");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(rpcB.result("cfg.get", "registrar", "max_contacts").asLong()).isZero());
        assertThat(register(A, Register.of("limits", "example.com").contact("<" + c2 + ">").expires(600)).status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void aRefusedValueChangesNothingAnywhere() throws Exception {
        JsonNode error = rpcA.call("cfg.set", "registrar", "default_expires", 0).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isEqualTo("Failed to set the variable");
        assertThat(rpcA.call("cfg.set", "registrar", "max_expires", -1).at("/error/code").asInt()).isEqualTo(400);
        assertThat(rpcA.call("cfg.set", "registrar", "max_contacts", 2147483648L).at("/error/code").asInt())
                .isEqualTo(400);
        assertThat(rpcA.result("cfg.get", "registrar", "default_expires").asLong()).isEqualTo(120);
        assertThat(rpcB.result("cfg.get", "registrar", "max_expires").asLong()).isEqualTo(900);
    }

    @Test
    @Order(4)
    void aNodeThatJoinsLaterTakesTheClustersValues() {
        RpcClient rpcC = new RpcClient(start(C).rpcAddress());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rpcC.result("cfg.get", "registrar"))
                .hasToString("{\"default_expires\":120,\"min_expires\":300,\"max_expires\":900,\"max_contacts\":0}"));
    }
}
