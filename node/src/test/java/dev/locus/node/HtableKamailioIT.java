package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Locus node and a real Kamailio 5.6 sharing htable tables over DMQ (htable {@code enable_dmq=1},
 * {@code dmq_init_sync=1}): tables {@code plain}, {@code timed} (autoexpire=600), {@code counters} (initval=0), all
 * {@code dmqreplicate=1}, and {@code local}, not replicated. Both sides are driven through their JSON-RPC
 * ({@code htable.*}, the same methods on both); Kamailio's script-level operations ({@code $shtinc}, removals by
 * regex and prefix) through its fixture's OPTIONS hook.
 * <p>
 * Kamailio starts first and gets items before any Locus node exists: the first Locus node, alone in its cluster,
 * asks Kamailio for them when it joins. A second Locus node then joins its Hazelcast cluster; the first, the oldest
 * member, is the one that answers Kamailio's sync requests.
 */
class HtableKamailioIT {

    private static final String KAMAILIO = "127.0.0.76";
    private static final String LOCUS = "127.0.0.77";
    private static final String LOCUS2 = "127.0.0.78";
    private static final String PHONE = "127.0.0.80";
    private static final int KAMAILIO_SIP = 17141;
    private static final int KAMAILIO_DMQ = 17142;
    private static final int KAMAILIO_RPC = 17143;
    private static final int LOCUS_SIP = 17144;
    private static final int LOCUS_DMQ = 17145;
    private static final int LOCUS_CLUSTER = 17146;
    private static final int LOCUS_RPC = 17147;
    private static final String TABLES = "plain=>size=8;dmqreplicate=1; timed=>size=8;autoexpire=600;dmqreplicate=1; "
            + "counters=>size=4;initval=0;dmqreplicate=1; local=>size=4;";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;
    private static LocusNode second;
    private static RpcClient locus;
    private static RpcClient locus2;
    private static long earlyExpire;

    @BeforeAll
    static void startKamailioWithItemsThenLocus() throws Exception {
        kamailio = Kamailio.htableNode(KAMAILIO, "sip:" + LOCUS + ":" + LOCUS_DMQ, KAMAILIO_SIP, KAMAILIO_DMQ,
                KAMAILIO_RPC, dir).start();
        ok(kamailio.rpc("htable.sets", "plain", "early", "before-locus"));
        ok(kamailio.rpc("htable.seti", "plain", "early-int", 7));
        ok(kamailio.rpc("htable.setxs", "timed", "early-timed", "expiring", 300));
        earlyExpire = expireOf(kamailio.rpc("htable.get", "timed", "early-timed").get("result"));
        node = locus(LOCUS);
        locus = new RpcClient(node.rpcAddress());
        // The first node was alone when it joined (it asked Kamailio); the second joins its Hazelcast cluster at
        // once (named as a member) when the first holds Kamailio's items.
        await().atMost(WAIT).until(() -> onLocus("plain", "early").isPresent());
        second = locus(LOCUS2);
        locus2 = new RpcClient(second.rpcAddress());
    }

    private static LocusNode locus(String ip) {
        Map<String, String> settings = new HashMap<>(TestNodes.settings(ip, LOCUS_CLUSTER));
        settings.put("cluster.name", "htable-kamailio-it");
        settings.put("sip.listen", "udp:" + ip + ":" + LOCUS_SIP);
        settings.put("rpc.port", Integer.toString(LOCUS_RPC));
        settings.put("dmq.listen", "udp:" + ip + ":" + LOCUS_DMQ);
        settings.put("dmq.notification_address", "sip:" + KAMAILIO + ":" + KAMAILIO_DMQ);
        settings.put("dmq.ping_interval", "2");
        if (!ip.equals(LOCUS)) {
            settings.put("cluster.members", LOCUS + ":" + LOCUS_CLUSTER);
        }
        settings.put("htable.tables", TABLES);
        return TestNodes.start(settings, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
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

    private static void ok(JsonNode answer) {
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
    }

    /** The item as htable.get shows it on either side; empty when it is not there. */
    private static Optional<JsonNode> onKamailio(String table, String key) throws Exception {
        JsonNode answer = kamailio.rpc("htable.get", table, key);
        return answer.has("result") ? Optional.of(answer.at("/result/item")) : Optional.empty();
    }

    private static Optional<JsonNode> onLocus(String table, String key) throws Exception {
        JsonNode answer = locus.call("htable.get", table, key);
        return answer.has("result") ? Optional.of(answer.at("/result/item")) : Optional.empty();
    }

    /** htable.get's expire (local time, to the second) as UNIX seconds; 0 for NEVER. */
    private static long expireOf(JsonNode getResult) {
        String text = getResult.has("item") ? getResult.at("/item/expire").asText() : getResult.get("expire").asText();
        return text.equals("NEVER") ? 0
                : LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toEpochSecond();
    }

    /** Kamailio and both Locus nodes list each other active, and the Locus nodes are one Hazelcast cluster. */
    private static void allListEachOtherActive() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            Map<String, String> theirs = new HashMap<>();
            kamailio.rpc("dmq.list_nodes").get("result").forEach(n -> theirs.put(n.get("host").asText(), n.get("status").asText()));
            assertThat(theirs).containsEntry(LOCUS, "active").containsEntry(LOCUS2, "active");
            for (RpcClient r : new RpcClient[]{locus, locus2}) {
                Map<String, String> ours = new HashMap<>();
                r.result("dmq.list_nodes").forEach(n -> ours.put(n.get("host").asText(), n.get("status").asText() + "/" + n.get("kind").asText()));
                assertThat(ours).containsEntry(KAMAILIO, "active/kamailio").containsEntry(LOCUS, "active/locus")
                        .containsEntry(LOCUS2, "active/locus");
            }
        });
    }

    /** Runs one of the fixture's script-level htable operations on Kamailio. */
    private static void kamailioScript(String op, String arg) throws Exception {
        try (SipClient phone = new SipClient(Transport.UDP, PHONE, new InetSocketAddress(KAMAILIO, KAMAILIO_SIP))) {
            String options = "OPTIONS sip:" + KAMAILIO + ":" + KAMAILIO_SIP + " SIP/2.0\r\nVia: " + phone.via(op + arg)
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:it@example.com>;tag=1\r\nTo: <sip:" + KAMAILIO + ">\r\n"
                    + "Call-ID: " + op + "-" + arg + "-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nX-Ht-Op: " + op
                    + "\r\nX-Ht-Arg: " + arg + "\r\nContent-Length: 0\r\n\r\n";
            assertThat(phone.request(options).status()).isEqualTo(200);
        }
    }

    private static long syncedItems(RpcClient on) throws Exception {
        String line = on.result("stats.get_statistics", "htable_sync_items").get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }

    /** Kamailio refused none of our messages (it answers 400/500 and logs why). */
    private static void kamailioTookEverything() {
        assertThat(kamailio.log()).doesNotContain("unrecognized field", "failed to replay action", "invalid json doc",
                "unable to set cell");
    }

    @Test
    void aLocusNodeAloneAtStartReceivesWhatKamailioHeldWithItsExpiry() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onLocus("plain", "early")).hasValueSatisfying(i -> assertThat(i.get("value").asText()).isEqualTo("before-locus"));
            assertThat(onLocus("plain", "early-int")).hasValueSatisfying(i -> {
                assertThat(i.get("value").isInt()).isTrue();
                assertThat(i.get("value").asInt()).isEqualTo(7);
            });
            assertThat(onLocus("timed", "early-timed")).hasValueSatisfying(i -> assertThat(expireOf(i)).isEqualTo(earlyExpire));
        });
    }

    @Test
    void setsExpiriesAndDeletesOnKamailioAreSeenOnLocus() throws Exception {
        allListEachOtherActive();
        ok(kamailio.rpc("htable.sets", "plain", "k-str", "from-kamailio"));
        ok(kamailio.rpc("htable.seti", "plain", "k-int", -42));
        ok(kamailio.rpc("htable.sets", "timed", "k-timed", "x"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onLocus("plain", "k-str")).hasValueSatisfying(i -> assertThat(i.get("value").asText()).isEqualTo("from-kamailio"));
            assertThat(onLocus("plain", "k-int")).hasValueSatisfying(i -> assertThat(i.get("value").asInt()).isEqualTo(-42));
            assertThat(onLocus("timed", "k-timed")).isPresent();
        });
        long now = Instant.now().getEpochSecond();
        ok(kamailio.rpc("htable.setex", "timed", "k-timed", 120));
        await().atMost(WAIT).untilAsserted(() -> assertThat(expireOf(onLocus("timed", "k-timed").orElseThrow()))
                .isBetween(now + 119, now + 122));
        ok(kamailio.rpc("htable.delete", "plain", "k-str"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onLocus("plain", "k-str")).isEmpty());
    }

    @Test
    void setsExpiriesAndDeletesOnLocusAreSeenOnKamailioButNotTheLocalTable() throws Exception {
        allListEachOtherActive();
        locus.result("htable.sets", "local", "l-str", "stays-here");
        locus.result("htable.sets", "plain", "l-str", "from-locus");
        locus.result("htable.seti", "plain", "l-int", 2_000_000_000);
        long now = Instant.now().getEpochSecond();
        locus.result("htable.setxs", "timed", "l-timed", "soon", 90);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onKamailio("plain", "l-str")).hasValueSatisfying(i -> assertThat(i.get("value").asText()).isEqualTo("from-locus"));
            assertThat(onKamailio("plain", "l-int")).hasValueSatisfying(i -> assertThat(i.get("value").asInt()).isEqualTo(2_000_000_000));
            assertThat(onKamailio("timed", "l-timed")).hasValueSatisfying(i -> assertThat(expireOf(i)).isBetween(now + 89, now + 92));
        });
        assertThat(onKamailio("local", "l-str")).as("local is not replicated").isEmpty();
        long later = Instant.now().getEpochSecond();
        locus.result("htable.setex", "timed", "l-timed", 300);
        await().atMost(WAIT).untilAsserted(() -> assertThat(expireOf(onKamailio("timed", "l-timed").orElseThrow()))
                .isBetween(later + 299, later + 302));
        locus.result("htable.delete", "plain", "l-str");
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKamailio("plain", "l-str")).isEmpty());
        kamailioTookEverything();
    }

    @Test
    void anIncrementOnKamailioArrivesAsTheResultingInteger() throws Exception {
        allListEachOtherActive();
        kamailioScript("inc", "hits");
        await().atMost(WAIT).untilAsserted(() -> assertThat(onLocus("counters", "hits"))
                .hasValueSatisfying(i -> assertThat(i.get("value").asInt()).as("from initval 0").isEqualTo(1)));
        ok(kamailio.rpc("htable.seti", "counters", "hits", 41));
        // Two KDMQs for one item may be applied in either order (Kamailio's workers send them, ours apply them, in
        // parallel, as between Kamailio nodes): the increment comes once the set has landed.
        await().atMost(WAIT).untilAsserted(() -> assertThat(onLocus("counters", "hits"))
                .hasValueSatisfying(i -> assertThat(i.get("value").asInt()).isEqualTo(41)));
        kamailioScript("inc", "hits");
        await().atMost(WAIT).untilAsserted(() -> assertThat(onLocus("counters", "hits"))
                .hasValueSatisfying(i -> assertThat(i.get("value").asInt()).isEqualTo(42)));
    }

    @Test
    void removalsByRegexAndPrefixOnKamailioAreSeenOnLocus() throws Exception {
        allListEachOtherActive();
        for (String key : new String[]{"tmp-1", "tmp-2", "pre-1", "pre-2", "kept"}) {
            locus.result("htable.sets", "plain", key, "v");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            for (String key : new String[]{"tmp-1", "tmp-2", "pre-1", "pre-2", "kept"}) {
                assertThat(onKamailio("plain", key)).as(key).isPresent();
            }
        });
        kamailioScript("rm_name_re", "^tmp-[0-9]");
        kamailioScript("rm_name_sw", "pre-");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String key : new String[]{"tmp-1", "tmp-2", "pre-1", "pre-2"}) {
                assertThat(onLocus("plain", key)).as(key).isEmpty();
            }
        });
        assertThat(onLocus("plain", "kept")).isPresent();
    }

    /** Every Locus node sends its own changes; what Kamailio sends reaches the cluster, whichever node took it. */
    @Test
    void theSecondLocusNodeSendsItsOwnChangesAndSeesKamailios() throws Exception {
        allListEachOtherActive();
        locus2.result("htable.seti", "plain", "from-second", 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKamailio("plain", "from-second"))
                .hasValueSatisfying(i -> assertThat(i.get("value").asInt()).isEqualTo(2)));
        ok(kamailio.rpc("htable.sets", "plain", "to-both", "k"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onLocus("plain", "to-both")).isPresent();
            assertThat(locus2.call("htable.get", "plain", "to-both").has("result")).isTrue();
        });
        locus.result("htable.delete", "plain", "from-second");
        await().atMost(WAIT).untilAsserted(() -> assertThat(onKamailio("plain", "from-second")).isEmpty());
    }

    /**
     * Every item, the string and integer ones, and the expiring one with what is left of its life; 400 items of
     * 200 bytes are more than one sync message (Kamailio's 60,000-byte estimate).
     */
    @Test
    void aRestartedKamailioReceivesEveryItemWithItsRemainingExpiry() throws Exception {
        allListEachOtherActive();
        String big = "b".repeat(200);
        for (int batch = 0; batch < 4; batch++) {
            StringBuilder calls = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                calls.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"method\":\"htable.sets\",\"params\":[\"plain\",\"bulk-")
                        .append(n).append("\",\"").append(big).append("\"],\"id\":").append(n).append('}');
            }
            JsonNode answers = locus.post(calls.append(']').toString()).body();
            assertThat(answers).hasSize(100).allSatisfy(a -> assertThat(a.has("result")).as(a.toString()).isTrue());
        }
        for (int i = 1; i <= 20; i++) {
            locus.result("htable.sets", "plain", "r" + i, "value-" + i);
        }
        locus.result("htable.seti", "plain", "r-int", 5);
        locus.result("htable.setxs", "timed", "r-timed", "restart", 200);
        long expire = expireOf(locus.result("htable.get", "timed", "r-timed"));
        long syncedBefore = syncedItems(locus);
        long syncedBySecond = syncedItems(locus2);
        kamailio.stop();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, String> ours = new HashMap<>();
            locus.result("dmq.list_nodes").forEach(n -> ours.put(n.get("host").asText(), n.get("status").asText()));
            assertThat(ours.get(KAMAILIO)).isNotEqualTo("active");
        });
        kamailio.start();
        await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 20; i++) {
                int n = i;
                assertThat(onKamailio("plain", "r" + i)).as("r" + i)
                        .hasValueSatisfying(item -> assertThat(item.get("value").asText()).isEqualTo("value-" + n));
            }
            assertThat(onKamailio("plain", "r-int")).hasValueSatisfying(item -> assertThat(item.get("value").asInt()).isEqualTo(5));
            assertThat(onKamailio("timed", "r-timed")).hasValueSatisfying(item -> assertThat(expireOf(item)).isEqualTo(expire));
            assertThat(onKamailio("plain", "bulk-0")).isPresent();
            assertThat(onKamailio("plain", "bulk-399")).isPresent();
        });
        int bulk = 0;
        for (JsonNode slot : kamailio.rpc("htable.dump", "plain").get("result")) {
            for (JsonNode item : slot.get("slot")) {
                bulk += item.get("name").asText().startsWith("bulk-") && item.get("value").asText().equals(big) ? 1 : 0;
            }
        }
        assertThat(bulk).isEqualTo(400);
        assertThat(syncedItems(locus)).as("items the oldest member sent in sync answers").isGreaterThanOrEqualTo(syncedBefore + 422);
        assertThat(syncedItems(locus2)).as("the other member answers no sync").isEqualTo(syncedBySecond);
        kamailioTookEverything();
    }
}
