package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
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
 * A Locus node and a real Kamailio 5.6 in one DMQ cluster (the reference's fixture config): node discovery both
 * ways, and registrations, refreshes and de-registrations on either side replicated to the other.
 * <p>
 * Kamailio and the first Locus node serve every test; each test waits until both list each other as active
 * (Kamailio may have been restarted by another test) and registers AORs of its own.
 */
class KamailioDmqIT {

    private static final String KAMAILIO = "127.0.0.51";
    private static final String LOCUS = "127.0.0.52";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static final String LOCUS2 = "127.0.0.53";
    private static LocusNode node;
    private static LocusNode second;
    private static RpcClient rpc;

    @BeforeAll
    static void startCluster() throws Exception {
        kamailio = new Kamailio(KAMAILIO, "sip:" + LOCUS + ":5090", dir).start();
        node = locus(LOCUS);
        rpc = new RpcClient(node.rpcAddress());
    }

    /** A Locus node seeded with the Kamailio node only: it learns of other Locus nodes through Kamailio's gossip. */
    private static LocusNode locus(String ip) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, 15752));
        settings.put("cluster.name", "kamailio-dmq-it");
        settings.put("dmq.listen", "udp:" + ip + ":5090");
        settings.put("dmq.notification_address", "sip:" + KAMAILIO + ":5090");
        settings.put("dmq.ping_interval", "2");
        return TestNodes.start(settings, Clock.systemUTC());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (second != null) {
            second.close();
        }
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Map<String, String> statuses(JsonNode listNodes) {
        Map<String, String> out = new HashMap<>();
        listNodes.forEach(n -> out.put(n.get("host").asText(), n.get("status").asText()));
        return out;
    }

    private static SipResponse register(String on, String user, long cseq, long expires) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(on, 5060))) {
            return ua.request(Register.of(user, "example.com").callId("reg-" + user + "@it").cseq(cseq)
                    .contact("<sip:" + user + "@127.0.0.1:5099>").expires(expires).to(ua));
        }
    }

    @Test
    void bothSidesListBothNodesActive() {
        bothSidesListEachOtherActive();
    }

    private static void bothSidesListEachOtherActive() {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(statuses(kamailio.rpc("dmq.list_nodes").get("result")))
                    .containsEntry(LOCUS, "active").containsEntry(KAMAILIO, "active");
            JsonNode ours = rpc.result("dmq.list_nodes");
            assertThat(statuses(ours)).containsEntry(LOCUS, "active").containsEntry(KAMAILIO, "active");
            ours.forEach(n -> assertThat(n.get("kind").asText()).isEqualTo(n.get("host").asText().equals(KAMAILIO) ? "kamailio" : "locus"));
        });
    }

    @Test
    void aRegistrationOnKamailioReachesLocusAndSoDoItsRefreshAndRemoval() throws Exception {
        bothSidesListEachOtherActive();
        assertThat(register(KAMAILIO, "alice", 1, 300).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(rpc.lookupContacts("alice")).containsExactly("sip:alice@127.0.0.1:5099"));
        register(KAMAILIO, "alice", 2, 1800);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode c = rpc.result("ul.lookup", "location", "alice").at("/Contacts/0/Contact");
            assertThat(c.get("CSeq").asLong()).isEqualTo(2);
            assertThat(c.get("Expires").asLong()).isGreaterThan(1700);
        });
        register(KAMAILIO, "alice", 3, 0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(rpc.lookupContacts("alice")).isEmpty());
    }

    /**
     * The same contact re-registers on Kamailio within one second under a new Call-ID with CSeq 1 (a UA that
     * restarted): Kamailio replaces the binding under its ruid and replicates it; Locus must hold the same.
     * A pair that straddles a second boundary does not exercise this, so the test retries with a fresh AOR.
     */
    @Test
    void aReRegistrationUnderANewCallIdInTheSameSecondOnKamailioReplacesTheBindingOnLocus() throws Exception {
        bothSidesListEachOtherActive();
        for (int attempt = 1; attempt <= 10; attempt++) {
            String user = "restarted" + attempt;
            try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(KAMAILIO, 5060))) {
                assertThat(ua.request(Register.of(user, "example.com").callId("first-" + user).cseq(5)
                        .contact("<sip:" + user + "@127.0.0.1:5099>").expires(60).to(ua)).status()).isEqualTo(200);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() ->
                        rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Call-ID").asText().equals("first-" + user));
                assertThat(ua.request(Register.of(user, "example.com").callId("second-" + user).cseq(1)
                        .contact("<sip:" + user + "@127.0.0.1:5099>").expires(3600).to(ua)).status()).isEqualTo(200);
            }
            long first = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Last-Modified").asLong();
            JsonNode onKamailio = kamailio.rpc("ul.lookup", "location", user).at("/result/Contacts/0/Contact");
            assertThat(onKamailio.get("Call-ID").asText()).isEqualTo("second-" + user);
            if (onKamailio.get("Last-Modified").asLong() != first) {
                continue;
            }
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode c = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact");
                assertThat(c.get("Call-ID").asText()).isEqualTo("second-" + user);
                assertThat(c.get("CSeq").asLong()).isEqualTo(1);
                assertThat(c.get("Expires").asLong()).isGreaterThan(3000);
            });
            return;
        }
        throw new AssertionError("no two REGISTERs landed in the same second in 10 attempts");
    }

    @Test
    void aRegistrationOnLocusReachesKamailioAndSoDoItsRefreshAndRemoval() throws Exception {
        bothSidesListEachOtherActive();
        assertThat(register(LOCUS, "bob", 1, 300).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kamailio.lookup("bob")).containsExactly("sip:bob@127.0.0.1:5099"));
        register(LOCUS, "bob", 2, 1800);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode c = kamailio.rpc("ul.lookup", "location", "bob").at("/result/Contacts/0/Contact");
            assertThat(c.get("CSeq").asLong()).isEqualTo(2);
            assertThat(c.get("Expires").asLong()).isGreaterThan(1700);
        });
        register(LOCUS, "bob", 3, 0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kamailio.lookup("bob")).isEmpty());
    }

    private static long statistic(RpcClient r, String name) throws Exception {
        String line = r.result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }

    @Test
    void aRestartedKamailioReceivesTheFullSetFromLocus() throws Exception {
        bothSidesListEachOtherActive();
        for (int i = 1; i <= 20; i++) {
            assertThat(register(LOCUS, "sync" + i, 1, 600).status()).isEqualTo(200);
        }
        long syncedBefore = synced();
        kamailio.stop();
        // Down long enough for Locus to notice: Kamailio then starts while being pinged, the case where its own
        // one-time sync request can be lost.
        await().atMost(WAIT).untilAsserted(() -> assertThat(statuses(rpc.result("dmq.list_nodes"))).containsEntry(KAMAILIO, "pending"));
        kamailio.start();
        await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 20; i++) {
                assertThat(kamailio.lookup("sync" + i)).as("sync" + i).containsExactly("sip:sync" + i + "@127.0.0.1:5099");
            }
        });
        assertThat(synced()).as("bindings sent in sync answers are counted").isGreaterThanOrEqualTo(syncedBefore + 20);
    }

    /** Bindings the Locus nodes sent in sync answers (the second node's too, once another test started it). */
    private static long synced() throws Exception {
        long total = 0;
        List<RpcClient> locusNodes = second == null ? List.of(rpc) : List.of(rpc, new RpcClient(second.rpcAddress()));
        for (RpcClient r : locusNodes) {
            total += statistic(r, "usrloc_sync_bindings");
        }
        return total;
    }

    @Test
    void aSecondLocusNodeJoinsThroughKamailiosGossipAndAllThreeSeeEachOther() throws Exception {
        bothSidesListEachOtherActive();
        assertThat(register(LOCUS, "early", 1, 600).status()).isEqualTo(200);
        second = locus(LOCUS2);
        RpcClient rpc2 = new RpcClient(second.rpcAddress());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(statuses(kamailio.rpc("dmq.list_nodes").get("result")))
                    .containsEntry(LOCUS, "active").containsEntry(LOCUS2, "active").containsEntry(KAMAILIO, "active");
            for (RpcClient r : List.of(rpc, rpc2)) {
                Map<String, String> kinds = new HashMap<>();
                r.result("dmq.list_nodes").forEach(n -> kinds.put(n.get("host").asText(), n.get("status").asText() + "/" + n.get("kind").asText()));
                assertThat(kinds).containsEntry(LOCUS, "active/locus").containsEntry(LOCUS2, "active/locus")
                        .containsEntry(KAMAILIO, "active/kamailio");
            }
            assertThat(rpc2.lookupContacts("early")).as("registered before it joined")
                    .containsExactly("sip:early@127.0.0.1:5099");
        });
        assertThat(register(KAMAILIO, "carl", 1, 300).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rpc.lookupContacts("carl")).containsExactly("sip:carl@127.0.0.1:5099");
            assertThat(rpc2.lookupContacts("carl")).containsExactly("sip:carl@127.0.0.1:5099");
        });
        assertThat(register(LOCUS2, "dora", 1, 300).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kamailio.lookup("dora")).containsExactly("sip:dora@127.0.0.1:5099"));
    }
}
