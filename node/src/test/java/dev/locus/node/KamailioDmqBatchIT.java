package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.Register;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live changes from Locus to a real Kamailio 5.6 that falls behind: what queues up while its answers are awaited
 * goes in {@code multi} batches, which Kamailio applies entry by entry, removals included. A class of its own,
 * because freezing Kamailio makes the nodes' pings fail and so triggers whole-set pushes that other tests would see.
 */
class KamailioDmqBatchIT {

    private static final String KAMAILIO = "127.0.0.216";
    private static final String LOCUS = "127.0.0.217";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startCluster() throws Exception {
        kamailio = new Kamailio(KAMAILIO, "sip:" + LOCUS + ":5090", dir).start();
        Map<String, String> settings = new HashMap<>(TestNodes.settings(LOCUS, 15756));
        settings.put("cluster.name", "kamailio-dmq-batch-it");
        settings.put("dmq.listen", "udp:" + LOCUS + ":5090");
        settings.put("dmq.notification_address", "sip:" + KAMAILIO + ":5090");
        settings.put("dmq.ping_interval", "2");
        node = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @Test
    void changesMadeWhileKamailioLagsReachItInMultiBatchesRemovalsIncluded() throws Exception {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(rpc.result("dmq.list_nodes").findValuesAsText("status")).hasSize(2).containsOnly("active");
            assertThat(kamailio.rpc("dmq.list_nodes").at("/result").findValuesAsText("status")).hasSize(2)
                    .containsOnly("active");
        });
        long changesBefore = statistic("usrloc_changes_sent");
        long messagesBefore = statistic("usrloc_messages_sent");
        // Frozen, Kamailio answers nothing: the first changes stay unanswered, the rest queue up behind them.
        kamailio.freeze();
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(LOCUS, 5060))) {
            for (int i = 1; i <= 100; i++) {
                assertThat(register(ua, "burst" + i, 1, 600).status()).isEqualTo(200);
            }
            for (int i = 1; i <= 40; i++) {
                assertThat(register(ua, "burst" + i, 2, 0).status()).isEqualTo(200);
            }
        } finally {
            kamailio.thaw();
        }
        List<String> expected = IntStream.rangeClosed(41, 100).mapToObj(i -> "burst" + i).toList();
        await().atMost(WAIT).untilAsserted(() -> assertThat(kamailio.rpc("ul.dump").findValuesAsText("AoR"))
                .containsExactlyInAnyOrderElementsOf(expected));
        JsonNode contact = kamailio.rpc("ul.lookup", "location", "burst100").at("/result/Contacts/0/Contact");
        assertThat(contact.get("Address").asText()).isEqualTo("sip:burst100@127.0.0.1:5099");
        assertThat(contact.get("Call-ID").asText()).isEqualTo("reg-burst100@it");
        assertThat(statistic("usrloc_changes_sent") - changesBefore).isEqualTo(140);
        assertThat(statistic("usrloc_messages_sent") - messagesBefore)
                .as("140 changes in a few multi messages, not one each").isLessThan(20);
    }

    private static dev.locus.node.support.SipResponse register(SipClient ua, String user, long cseq, long expires)
            throws Exception {
        return ua.request(Register.of(user, "example.com").callId("reg-" + user + "@it").cseq(cseq)
                .contact("<sip:" + user + "@127.0.0.1:5099>").expires(expires).to(ua));
    }

    private static long statistic(String name) throws Exception {
        String line = rpc.result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }
}
