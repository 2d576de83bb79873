package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.Phone;
import dev.locus.node.support.Phone.Transport;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster: a Kamailio 5.6 node (127.0.0.54, its users' edge proxy) and a Locus node (127.0.0.55), phones
 * on 127.0.0.56. A phone registered at Kamailio is called through Locus: over UDP directly, over TCP through the
 * Kamailio node that holds its connection.
 */
class ProxyKamailioIT {

    private static final String KAMAILIO = "127.0.0.54";
    private static final String LOCUS = "127.0.0.55";
    private static final String PHONES = "127.0.0.56";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startCluster() throws Exception {
        kamailio = Kamailio.dmqProxyNode(KAMAILIO, "sip:" + LOCUS + ":5090", dir).start();
        Map<String, String> settings = TestNodes.settings(LOCUS, 16811);
        settings.put("cluster.name", "proxy-kamailio-it");
        settings.put("dmq.listen", "udp:" + LOCUS + ":5090");
        settings.put("dmq.notification_address", "sip:" + KAMAILIO + ":5090");
        settings.put("dmq.ping_interval", "1");
        node = TestNodes.start(settings, InstantSource.system());
        rpc = new RpcClient(node.rpcAddress());
        await().atMost(WAIT).until(() -> rpc.result("dmq.list_nodes").toString().contains(KAMAILIO));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static void awaitReplicated(String user) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            JsonNode lookup = rpc.call("ul.lookup", "location", user);
            return lookup.has("result") && lookup.get("result").get("Contacts").size() == 1;
        });
    }

    @Test
    void aPhoneRegisteredAtKamailioIsCalledThroughLocus() throws Exception {
        try (Phone callee = new Phone(Transport.UDP, PHONES, new InetSocketAddress(KAMAILIO, 5060));
             Phone caller = new Phone(Transport.UDP, PHONES, new InetSocketAddress(LOCUS, 5060))) {
            callee.register("kamudp", KAMAILIO, "");
            awaitReplicated("kamudp");
            String callId = caller.call("INVITE", "sip:kamudp@" + LOCUS, "alice@" + LOCUS, "");
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.all("via")).hasSize(2);
            assertThat(invite.all("via").get(0)).contains(LOCUS + ":5060");
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
    void aPhoneOnATcpConnectionToKamailioIsReachedThroughKamailio() throws Exception {
        try (Phone callee = new Phone(Transport.TCP, PHONES, new InetSocketAddress(KAMAILIO, 5060));
             Phone caller = new Phone(Transport.UDP, PHONES, new InetSocketAddress(LOCUS, 5060))) {
            callee.register("kamtcp", KAMAILIO, "");
            awaitReplicated("kamtcp");
            String callId = caller.call("MESSAGE", "sip:kamtcp@" + LOCUS, "alice@" + LOCUS, "through kamailio");
            // The phone's only socket is its connection to Kamailio.
            SipMessage message = callee.awaitRequest("MESSAGE");
            assertThat(message.all("via")).hasSize(3);
            assertThat(message.all("via").get(0)).contains(KAMAILIO);
            assertThat(message.all("via").get(1)).contains(LOCUS);
            assertThat(message.requestUri()).doesNotContain("alias=");
            callee.reply(message, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);
        }
    }
}
