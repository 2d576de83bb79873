package dev.locus.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import dev.locus.node.config.LocusConfig;
import dev.locus.registrar.Registrar;
import dev.locus.uacreg.Uacreg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node whose Hazelcast member ends without the node asking (as Hazelcast's forced termination after an
 * OutOfMemoryError ends it) stops whole, and says so, rather than serve half: REGISTER 500, ul.dump failing,
 * core.version still answering.
 */
class MemberLossIT {

    private static final String HOST = "127.0.0.244";
    private static final String PROBE_SOURCE = "127.0.0.245";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);

    @Test
    void aNodeWhoseMemberIsTerminatedStopsServingAndReportsItsFailure() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 16110);
        settings.put("rpc.port", "16111");
        settings.put("uacreg.enabled", "false");
        CountDownLatch failed = new CountDownLatch(1);
        try (LocusNode node = LocusNode.start(LocusConfig.from(settings), Clock.systemUTC(), failed::countDown);
             SipClient ua = new SipClient(Transport.UDP, PROBE_SOURCE, SIP)) {
            RpcClient rpc = new RpcClient(node.rpcAddress());
            assertThat(ua.request(Register.of("before", "example.com").contact("<sip:before@192.0.2.1>")
                    .expires(300).to(ua)).status()).isEqualTo(200);

            member(node).getLifecycleService().terminate();

            assertThat(failed.await(30, TimeUnit.SECONDS)).as("the node reported that it stopped").isTrue();
            ua.send(Register.of("after", "example.com").contact("<sip:after@192.0.2.1>").expires(300).to(ua));
            assertThat(ua.receive()).as("no SIP answer from a stopped node, not even a 500").isEmpty();
            assertThatThrownBy(() -> new SipClient(Transport.TCP, PROBE_SOURCE, SIP).close())
                    .as("the SIP TCP socket is closed").isInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> rpc.call("core.version")).as("JSON-RPC is closed, core.version too")
                            .isInstanceOf(IOException.class));
        }
    }

    /**
     * From outside, through the cluster port: a member that joins with the cluster's name (which the threat model
     * says only the nodes may reach) shuts the whole cluster down. The node process exits with status 3.
     */
    @Test
    void aNodeProcessWhoseClusterIsShutDownFromAnotherMemberExitsWithStatus3(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("LOCUS_SIP_LISTEN", "udp:" + HOST + ":5060",
                "LOCUS_RPC_ADDRESS", HOST,
                "LOCUS_RPC_PORT", "16121",
                "LOCUS_CLUSTER_BIND_ADDRESS", HOST,
                "LOCUS_CLUSTER_PORT", "16122",
                "LOCUS_CLUSTER_NAME", "member-loss-it",
                // Members must join the same way: the other member is named, though it comes only later.
                "LOCUS_CLUSTER_MEMBERS", PROBE_SOURCE + ":16123",
                "LOCUS_UACREG_ENABLED", "false");
        Path log = dir.resolve("node.log");
        try (NodeProcess node = new NodeProcess(env, log).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            assertThat(node.isAlive()).as("the node started").isTrue();

            HazelcastInstance other = Hazelcast.newHazelcastInstance(joining("member-loss-it", HOST + ":16122"));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> other.getCluster().getMembers().size() == 2);
                // A cluster-wide shutdown is refused while partitions still migrate to the newcomer.
                await().atMost(Duration.ofSeconds(30)).until(() -> other.getPartitionService().isClusterSafe());
                other.getCluster().shutdown();
            } finally {
                other.getLifecycleService().terminate();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> !node.isAlive());
            assertThat(node.exitValue()).isEqualTo(3);
            assertThat(Files.readString(log)).contains("ended without the node stopping it");
        }
    }

    private static Config joining(String cluster, String member) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", PROBE_SOURCE);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(16123).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(member);
        Registrar.configure(config, 1, Duration.ofSeconds(300));
        Uacreg.configure(config, 1);
        return config;
    }

    private static HazelcastInstance member(LocusNode node) {
        String prefix = "locus-" + node.name() + "-";
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith(prefix)).findFirst().orElseThrow();
    }
}
