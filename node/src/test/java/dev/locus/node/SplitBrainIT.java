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
 * Two halves that both took REGISTERs while apart (each only saw itself in DNS) meet again: every binding of both
 * survives, and a contact registered on both keeps its newest version.
 */
class SplitBrainIT {

    private static final String A = "127.0.0.71";
    private static final String B = "127.0.0.72";

    @TempDir
    static Path dir;
    private static Dnsmasq dns;
    private static LocusNode left;
    private static LocusNode right;

    @BeforeAll
    static void startHalves() throws Exception {
        dns = new Dnsmasq(dir).start(Map.of("left.test", List.of(A), "right.test", List.of(B)), List.of());
        left = start(A, "left.test");
        right = start(B, "right.test");
    }

    @AfterAll
    static void stop() throws Exception {
        for (LocusNode n : new LocusNode[]{left, right}) {
            if (n != null) {
                n.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static LocusNode start(String ip, String name) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, 5701));
        TestNodes.discovered(settings, ip, "split-brain-it", name, dns.server());
        return TestNodes.start(settings, Clock.systemUTC());
    }

    private static void register(String on, String user, String callId, long cseq, String host) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(on, 5060))) {
            assertThat(ua.request(Register.of(user, "example.com").callId(callId).cseq(cseq)
                    .contact("<sip:" + user + "@" + host + ":5060>").expires(600).to(ua)).status()).isEqualTo(200);
        }
    }

    @Test
    void bothHalvesKeepTheirBindingsAndTheNewestVersionOfAContactWins() throws Exception {
        RpcClient l = new RpcClient(left.rpcAddress());
        RpcClient r = new RpcClient(right.rpcAddress());
        register(A, "onlyleft", "c-left", 1, "192.0.2.1");
        register(B, "onlyright", "c-right", 1, "192.0.2.2");
        register(A, "both", "c-both-a", 1, "192.0.2.9");
        register(B, "both", "c-both-b", 7, "192.0.2.9");
        assertThat(l.lookupContacts("onlyright")).isEmpty();
        assertThat(r.lookupContacts("onlyleft")).isEmpty();

        dns.publish(Map.of("left.test", List.of(A, B), "right.test", List.of(A, B)));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (RpcClient side : List.of(l, r)) {
                Map<String, String> kinds = new HashMap<>();
                side.result("dmq.list_nodes").forEach(n -> kinds.put(n.get("host").asText(), n.get("kind").asText()));
                assertThat(kinds).containsEntry(A, "locus").containsEntry(B, "locus");
                assertThat(side.lookupContacts("onlyleft")).containsExactly("sip:onlyleft@192.0.2.1:5060");
                assertThat(side.lookupContacts("onlyright")).containsExactly("sip:onlyright@192.0.2.2:5060");
                JsonNode both = side.result("ul.lookup", "location", "both").get("Contacts");
                assertThat(both).hasSize(1);
                assertThat(both.at("/0/Contact/CSeq").asLong()).isEqualTo(7);
                assertThat(both.at("/0/Contact/Call-ID").asText()).isEqualTo("c-both-b");
            }
        });
    }
}
