package dev.locus.node;

import dev.locus.node.support.Dnsmasq;
import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import dev.locus.node.support.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Locus nodes, each in its own JVM; one is killed (SIGKILL) while sipp keeps registering through another.
 * No acknowledged binding is lost, every AOR resolves on the survivors, and the node, restarted, serves them all.
 */
class FailureIT {

    private static final List<String> IPS = List.of("127.0.0.81", "127.0.0.82", "127.0.0.83");
    private static final String VICTIM = "127.0.0.83";
    private static final Path SCENARIO = Path.of("..", "bench", "sipp", "register.xml").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static Dnsmasq dns;
    private static final Map<String, NodeProcess> nodes = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        dns = new Dnsmasq(dir).start(Map.of("failure.test", IPS), List.of());
        for (String ip : IPS) {
            nodes.put(ip, node(ip).start());
        }
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            for (String ip : IPS) {
                Map<String, String> kinds = new HashMap<>();
                rpc(ip).result("dmq.list_nodes").forEach(n -> kinds.put(n.get("host").asText(), n.get("kind").asText()));
                assertThat(kinds).hasSize(3).containsOnlyKeys(IPS).doesNotContainValue("kamailio");
            }
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (NodeProcess n : nodes.values()) {
            n.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static NodeProcess node(String ip) {
        Map<String, String> settings = new HashMap<>();
        settings.put("sip.listen", "udp:" + ip + ":5060");
        settings.put("rpc.address", ip);
        settings.put("cluster.bind_address", ip);
        settings.put("log.level", "WARN");
        Map<String, String> env = TestNodes.asEnvironment(
                TestNodes.discovered(settings, ip, "failure-it", "failure.test", dns.server()));
        return new NodeProcess(env, dir.resolve("node-" + ip + ".log"));
    }

    private static RpcClient rpc(String ip) {
        return new RpcClient(new InetSocketAddress(ip, 5071));
    }

    private static Sipp.Result sipp(Path work, String prefix, int users, String target) throws Exception {
        java.nio.file.Files.createDirectories(work);
        return Sipp.run(Sipp.require(), work, List.of("-sf", SCENARIO.toString(), "-t", "u1",
                "-key", "user_prefix", prefix, "-key", "domain", "example.com", "-key", "expires", "3600",
                "-i", "127.0.0.1", "-p", "0", "-m", Integer.toString(users), "-r", "100", "-max_retrans", "8",
                "-recv_timeout", "30000", target + ":5060"), 180);
    }

    @Test
    void aKilledNodeLosesNoBindingAndServesThemAllWhenBack() throws Exception {
        Sipp.Result before = sipp(dir.resolve("before"), "pre", 300, "127.0.0.81");
        assertThat(before.failed()).as(before.output()).isZero();

        CompletableFuture<Sipp.Result> during = CompletableFuture.supplyAsync(() -> {
            try {
                return sipp(dir.resolve("during"), "mid", 600, "127.0.0.82");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> rpc("127.0.0.81").lookupContacts("mid100").size() == 1);
        nodes.get(VICTIM).kill();
        Sipp.Result result = during.get();

        List<String> missing = new ArrayList<>();
        for (String survivor : List.of("127.0.0.81", "127.0.0.82")) {
            for (int i = 1; i <= 300; i++) {
                if (rpc(survivor).lookupContacts("pre" + i).size() != 1) {
                    missing.add(survivor + ":pre" + i);
                }
            }
        }
        assertThat(missing).as("bindings acknowledged before the crash").isEmpty();
        int resolvable = 0;
        for (int i = 1; i <= 600; i++) {
            if (rpc("127.0.0.81").lookupContacts("mid" + i).size() == 1) {
                resolvable++;
            }
        }
        // sipp retransmits through the take-over, as a UA would: every REGISTER ends in a 200, none is lost.
        assertThat(result.failed()).as(result.output()).isZero();
        assertThat(resolvable).as("registrations made during the crash").isEqualTo(600);

        nodes.put(VICTIM, node(VICTIM).start());
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            assertThat(rpc(VICTIM).lookupContacts("pre1")).hasSize(1);
            assertThat(rpc(VICTIM).lookupContacts("pre300")).hasSize(1);
        });
        for (int i = 1; i <= 300; i += 7) {
            assertThat(rpc(VICTIM).lookupContacts("pre" + i)).as("pre" + i + " on the restarted node").hasSize(1);
        }
    }
}
