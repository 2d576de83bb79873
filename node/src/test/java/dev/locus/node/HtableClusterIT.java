package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Locus nodes sharing their htables through Hazelcast, driven over JSON-RPC: what one node sets, the others
 * read, with the same expiry; Kamailio's autoexpire, updateexpire and per-item expiry hold cluster-wide; a node
 * whose member ends abruptly (no graceful leave) loses no item. The kill runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HtableClusterIT {

    private static final String A = "127.0.0.66";
    private static final String B = "127.0.0.67";
    private static final String C = "127.0.0.68";
    private static final Map<String, Integer> PORTS = Map.of(A, 17104, B, 17105, C, 17106);
    private static final String TABLES = String.join(" ",
            "ct=>size=4;",
            "ax=>size=2;autoexpire=2;",
            "up=>size=2;autoexpire=60;updateexpire=1;",
            "nu=>size=2;autoexpire=60;updateexpire=0;",
            "big=>size=6;autoexpire=600;");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Map<String, LocusNode> nodes = new LinkedHashMap<>();
    private static final Map<String, RpcClient> rpc = new HashMap<>();
    private static final CountDownLatch cStopped = new CountDownLatch(1);

    @BeforeAll
    static void startCluster() {
        for (String ip : List.of(A, B, C)) {
            Map<String, String> s = TestNodes.settings(ip, PORTS.get(ip));
            s.put("cluster.name", "htable-cluster-it");
            s.put("cluster.members", A + ":" + PORTS.get(A) + "," + B + ":" + PORTS.get(B) + "," + C + ":" + PORTS.get(C));
            s.put("htable.tables", TABLES);
            LocusNode node = LocusNode.start(LocusConfig.from(s), Clock.systemUTC(),
                    ip.equals(C) ? cStopped::countDown : () -> { });
            nodes.put(ip, node);
            rpc.put(ip, new RpcClient(node.rpcAddress()));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String ip : List.of(A, B, C)) {
                assertThat(rpc.get(ip).result("stats.get_statistics", "cluster:").toString())
                        .contains("cluster:members = 3");
            }
        });
    }

    @AfterAll
    static void stopCluster() {
        nodes.values().forEach(LocusNode::close);
    }

    private static JsonNode get(String on, String table, String key) throws Exception {
        JsonNode response = rpc.get(on).call("htable.get", table, key);
        if (response.has("error")) {
            assertThat(response.at("/error/message").asText()).isEqualTo("Key name doesn't exist in htable.");
            return null;
        }
        return response.at("/result/item");
    }

    private static String expire(String on, String table, String key) throws Exception {
        return get(on, table, key).get("expire").asText();
    }

    @Test
    @Order(1)
    void whatOneNodeSetsTheOthersRead() throws Exception {
        rpc.get(A).result("htable.sets", "ct", "gw1", "127.0.0.21");
        rpc.get(B).result("htable.seti", "ct", "cnt", 3);
        rpc.get(C).result("htable.sets", "ct", "gw3", 5060);
        for (String on : List.of(A, B, C)) {
            assertThat(get(on, "ct", "gw1").get("value").asText()).isEqualTo("127.0.0.21");
            assertThat(get(on, "ct", "cnt").get("value").asInt()).isEqualTo(3);
            assertThat(get(on, "ct", "gw3").get("value").asText()).isEqualTo("5060");
        }
        JsonNode dump = rpc.get(A).result("htable.dump", "ct");
        assertThat(rpc.get(B).result("htable.dump", "ct")).isEqualTo(dump);
        assertThat(rpc.get(C).result("htable.dump", "ct")).isEqualTo(dump);
        assertThat(dump.findValuesAsText("name")).containsExactly("cnt", "gw3", "gw1");

        rpc.get(C).result("htable.delete", "ct", "gw1");
        assertThat(get(A, "ct", "gw1")).isNull();
        assertThat(rpc.get(B).call("htable.delete", "ct", "gw1").at("/error/code").asInt()).isEqualTo(404);
        rpc.get(B).result("htable.flush", "ct");
        assertThat(rpc.get(A).result("htable.dump", "ct")).isEmpty();
    }

    @Test
    @Order(2)
    void anAutoexpireTablesItemsExpireOnEveryNode() throws Exception {
        rpc.get(A).result("htable.sets", "ax", "short", "v");
        assertThat(get(C, "ax", "short")).isNotNull();
        await().atMost(Duration.ofSeconds(6)).until(() ->
                get(A, "ax", "short") == null && get(B, "ax", "short") == null && get(C, "ax", "short") == null);
    }

    @Test
    @Order(3)
    void updateexpireHoldsWhicheverNodeSetsAgain() throws Exception {
        rpc.get(A).result("htable.sets", "up", "k", "1");
        rpc.get(A).result("htable.sets", "nu", "k", "1");
        String up = expire(C, "up", "k");
        String nu = expire(C, "nu", "k");
        assertThat(expire(B, "up", "k")).isEqualTo(up);
        // Until the clock's second moves, a new expiry could not be told from the old.
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            rpc.get(A).result("htable.sets", "up", "probe", "p");
            return !expire(A, "up", "probe").equals(up);
        });
        rpc.get(B).result("htable.sets", "up", "k", "2");
        rpc.get(B).result("htable.sets", "nu", "k", "2");
        assertThat(expire(C, "up", "k")).isGreaterThan(up);
        assertThat(expire(C, "nu", "k")).isEqualTo(nu);
        assertThat(get(A, "nu", "k").get("value").asText()).isEqualTo("2");
    }

    @Test
    @Order(4)
    void perItemExpiryIsTheSameOnEveryNode() throws Exception {
        rpc.get(A).result("htable.sets", "up", "soon", "v");
        rpc.get(B).result("htable.setex", "up", "soon", 1);
        rpc.get(C).result("htable.setxi", "up", "brief", 7, 1);
        rpc.get(A).result("htable.sets", "up", "kept", "v");
        rpc.get(C).result("htable.setex", "up", "kept", 0);
        assertThat(expire(A, "up", "brief")).isEqualTo(expire(B, "up", "brief"));
        assertThat(expire(B, "up", "kept")).isEqualTo("NEVER");
        await().atMost(Duration.ofSeconds(5)).until(() -> get(A, "up", "soon") == null && get(B, "up", "brief") == null);
        assertThat(get(C, "up", "soon")).isNull();
        assertThat(get(A, "up", "kept")).isNotNull();
    }

    @Test
    @Order(5)
    void aNodeThatDiesAbruptlyLosesNoItem() throws Exception {
        int items = 300;
        Map<String, String> expires = new HashMap<>();
        for (int i = 0; i < items; i++) {
            rpc.get(List.of(A, B, C).get(i % 3)).result("htable.sets", "big", "item-" + i, "value-" + i);
        }
        for (int i = 0; i < items; i += 10) {
            expires.put("item-" + i, expire(A, "big", "item-" + i));
        }

        // No graceful leave: the member is gone at once, as in a crash; the node then stops itself.
        member(nodes.get(C)).getLifecycleService().terminate();
        assertThat(cStopped.await(30, TimeUnit.SECONDS)).as("node C stopped").isTrue();

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            for (String on : List.of(A, B)) {
                JsonNode stats = null;
                for (JsonNode t : rpc.get(on).result("htable.stats")) {
                    if (t.get("name").asText().equals("big")) {
                        stats = t;
                    }
                }
                assertThat(stats.get("all").asInt()).as("items seen by " + on).isEqualTo(items);
            }
        });
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            JsonNode item = get(i % 2 == 0 ? A : B, "big", "item-" + i);
            if (item == null || !item.get("value").asText().equals("value-" + i)) {
                missing.add("item-" + i);
            }
        }
        assertThat(missing).isEmpty();
        // An item keeps its expiry where its backup took over.
        expires.forEach((key, expire) -> {
            try {
                assertThat(expire(B, "big", key)).as(key).isEqualTo(expire);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        rpc.get(B).result("htable.sets", "big", "after", "v");
        assertThat(get(A, "big", "after")).isNotNull();
    }

    private static HazelcastInstance member(LocusNode node) {
        String prefix = "locus-" + node.name() + "-";
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith(prefix)).findFirst().orElseThrow();
    }
}
