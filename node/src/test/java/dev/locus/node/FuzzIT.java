package dev.locus.node;

import dev.locus.node.fuzz.FuzzRun;
import dev.locus.node.support.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's fuzzing figure, in small: 20,000 mutated REGISTER, INVITE and KDMQ messages over UDP and TCP to the SIP
 * port and to the DMQ port (from a stranger and from a known Kamailio node), against a node in its own JVM. The node
 * must keep answering REGISTER and JSON-RPC throughout, keep every binding, log nothing unexpected and stay up.
 * {@code bench/fuzz.sh} runs the same with a million messages. A new seed every run; a failure prints it and the
 * index of each message at fault ({@code Fuzzer --replay SEED:INDEX}); {@code -Dfuzz.seed=N} runs a given seed.
 */
class FuzzIT {

    private static final String NODE = "127.0.0.251";
    private static final String PEER = "127.0.0.252";
    private static final int SIP_PORT = 16460;
    private static final int RPC_PORT = 16461;
    private static final int DMQ_PORT = 16490;
    private static final int PEER_PORT = 16491;

    @Test
    void twentyThousandMutatedMessagesCauseNoMisbehaviour(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "LOCUS_SIP_LISTEN", "udp:" + NODE + ":" + SIP_PORT + ",tcp:" + NODE + ":" + SIP_PORT,
                "LOCUS_RPC_ADDRESS", NODE,
                "LOCUS_RPC_PORT", Integer.toString(RPC_PORT),
                "LOCUS_CLUSTER_BIND_ADDRESS", NODE,
                "LOCUS_CLUSTER_PORT", "16462",
                "LOCUS_CLUSTER_NAME", "fuzz-it",
                "LOCUS_DMQ_LISTEN", "udp:" + NODE + ":" + DMQ_PORT,
                "LOCUS_DMQ_NOTIFICATION_ADDRESS", "sip:" + PEER + ":" + PEER_PORT,
                "LOCUS_DMQ_PING_INTERVAL", "1",
                "LOCUS_UACREG_ENABLED", "false"));
        // the corpus's htable tables (the reference's fixture), so that unmutated htable messages apply
        environment.put("LOCUS_HTABLE_TABLES", "dmqt=>size=8;dmqreplicate=1; dmqx=>size=8;autoexpire=600;dmqreplicate=1;");
        long seed = Long.getLong("fuzz.seed", System.nanoTime() & 0xFFFFFFFFL);
        try (NodeProcess node = new NodeProcess(environment, log).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            assertThat(node.isAlive()).as("the node started").isTrue();

            FuzzRun.Result result = new FuzzRun(new FuzzRun.Settings(seed, 20_000, 1_000, NODE, SIP_PORT, DMQ_PORT,
                    RPC_PORT, "127.0.0.253", PEER, PEER_PORT, "127.0.0.254", 16470, 4, Duration.ofSeconds(1), 20, log,
                    node::isAlive), System.out).run();

            assertThat(result.sent()).isEqualTo(20_000);
            assertThat(result.misbehaviours()).as("misbehaviours of seed %d:%n%s", seed, result.summary()).isEmpty();
        }
    }
}
