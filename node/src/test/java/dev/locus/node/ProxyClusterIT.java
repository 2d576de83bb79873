package dev.locus.node;

import dev.locus.node.support.Phone;
import dev.locus.node.support.Phone.Transport;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.SipTrace;
import dev.locus.node.support.Sipp;
import dev.locus.node.support.SippAgent;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The location service across a two-node cluster (A 127.0.0.28, B 127.0.0.29; phones and a sipp callee on
 * 127.0.0.25, a sipp caller on 127.0.0.20): a callee registered at one node is called through the other; a
 * callee whose flow is a TCP connection to A is reached over that connection when the call enters at B, and the
 * dialog stays on the path through both nodes.
 */
class ProxyClusterIT {

    private static final String A = "127.0.0.28";
    private static final String B = "127.0.0.29";
    private static final String PHONES = "127.0.0.25";
    private static final String SIPP_CALLER = "127.0.0.20";
    private static final int A_PORT = 16801;
    private static final int B_PORT = 16802;
    private static final AtomicInteger USERS = new AtomicInteger();
    private static LocusNode a;
    private static LocusNode b;

    @BeforeAll
    static void startCluster() {
        a = TestNodes.start(settings(A, A_PORT), InstantSource.system());
        b = TestNodes.start(settings(B, B_PORT), InstantSource.system());
        RpcClient rpc = new RpcClient(b.rpcAddress());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rpc.result("stats.get_statistics", "cluster:").toString().contains("cluster:members = 2"));
    }

    private static Map<String, String> settings(String host, int port) {
        Map<String, String> s = TestNodes.settings(host, port);
        s.put("cluster.name", "proxy-cluster-it");
        s.put("cluster.members", A + ":" + A_PORT + "," + B + ":" + B_PORT);
        s.put("dmq.listen", "udp:" + host + ":5090");
        return s;
    }

    @AfterAll
    static void stopCluster() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static String user() {
        return "cross" + USERS.incrementAndGet();
    }

    @Test
    void aCalleeRegisteredAtOneNodeIsCalledThroughTheOther() throws Exception {
        String bob = user();
        try (Phone callee = new Phone(Transport.UDP, PHONES, new InetSocketAddress(A, 5060));
             Phone caller = new Phone(Transport.UDP, PHONES, new InetSocketAddress(B, 5060))) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.all("record-route")).containsExactly("<sip:" + B + ":5060;lr>");
            callee.reply(invite, 180, "Ringing");
            caller.awaitResponse(callId, s -> s == 180);
            callee.reply(invite, 200, "OK");
            SipMessage ok = caller.awaitResponse(callId, s -> s == 200);
            caller.inDialog("ACK", ok, 1);
            callee.awaitRequest("ACK");
            caller.inDialog("BYE", ok, 2);
            callee.reply(callee.awaitRequest("BYE"), 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }

    @Test
    void aSippCalleeRegisteredAtAIsCalledBySippThroughBEndToEnd(@TempDir Path dir) throws Exception {
        try (SippAgent callee = SippAgent.start("callee at A", dir.resolve("callee"), List.of(
                "-sf", scenario("uas-register.xml"), "-oocsf", scenario("uas-answer.xml"), "-key", "user", "sippbob",
                "-key", "q", "1.0", "-key", "expires", "300", "-t", "u1", "-m", "1", "-i", PHONES, "-p", "5060",
                "-ci", PHONES, "-recv_timeout", "10000", A + ":5060"))) {
            callee.awaitLog("registered", Duration.ofSeconds(10));
            try (SippAgent caller = SippAgent.start("caller through B", dir.resolve("caller"), List.of(
                    "-sf", scenario("uac-call.xml"), "-s", "sippbob", "-key", "rr", "1", "-t", "u1", "-m", "1",
                    "-i", SIPP_CALLER, "-p", "5060", "-ci", SIPP_CALLER, "-recv_timeout", "10000", B + ":5060"))) {
                Sipp.Result result = caller.awaitExit(Duration.ofSeconds(30));
                assertThat(result.successful()).as(result.output()).isEqualTo(1);
                assertThat(result.failed()).as(result.output()).isZero();
            }
            callee.awaitLog("done", Duration.ofSeconds(30));
            SipTrace trace = callee.trace();
            SipTrace.Traced invite = trace.receivedRequests("INVITE").get(0);
            assertThat(invite.all("Record-Route")).containsExactly("<sip:" + B + ":5060;lr>");
            assertThat(trace.receivedRequests("BYE").get(0).all("Via").get(0)).contains(B + ":5060");
        }
    }

    private static String scenario(String file) throws Exception {
        return Path.of(ProxyClusterIT.class.getResource("/sipp/proxy/" + file).toURI()).toString();
    }

    @Test
    void aCalleeOnATcpConnectionToAIsReachedOverThatConnectionWhenTheCallEntersAtB() throws Exception {
        String bob = user();
        try (Phone callee = new Phone(Transport.TCP, PHONES, new InetSocketAddress(A, 5060));
             Phone caller = new Phone(Transport.UDP, PHONES, new InetSocketAddress(B, 5060))) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            // The callee has no socket but its connection to A: the INVITE can only have come over it.
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.all("via")).hasSize(3);
            assertThat(invite.all("via").get(0)).contains(A + ":5060");
            assertThat(invite.all("via").get(1)).contains(B + ":5060");
            assertThat(invite.all("record-route")).containsExactly("<sip:" + A + ":5060;transport=tcp;lr>",
                    "<sip:" + B + ":5060;transport=tcp;lr;r2=on>", "<sip:" + B + ":5060;lr;r2=on>");
            callee.reply(invite, 200, "OK");
            SipMessage ok = caller.awaitResponse(callId, s -> s == 200);
            caller.inDialog("ACK", ok, 1);
            assertThat(callee.awaitRequest("ACK").all("route")).isEmpty();
            caller.inDialog("BYE", ok, 2);
            SipMessage bye = callee.awaitRequest("BYE");
            assertThat(bye.all("via")).hasSize(3);
            callee.reply(bye, 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }
}
