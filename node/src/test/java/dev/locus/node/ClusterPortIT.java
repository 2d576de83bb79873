package dev.locus.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What reaches a node through its cluster ports from outside Locus: the Hazelcast member port refuses Hazelcast
 * clients, even those that know the cluster name.
 */
class ClusterPortIT {

    private static final String HOST = "127.0.0.231";
    private static final int MEMBER_PORT = 5701;

    private static LocusNode node;
    private static Map<String, String> settings;

    @BeforeAll
    static void start() {
        settings = TestNodes.settings(HOST, MEMBER_PORT);
        node = TestNodes.start(settings, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aHazelcastClientThatKnowsTheClusterNameCannotConnectToTheMemberPort() {
        ClientConfig client = new ClientConfig();
        client.setClusterName(settings.get("cluster.name"));
        client.setProperty("hazelcast.logging.type", "slf4j");
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress(HOST + ":" + MEMBER_PORT).setSmartRouting(false);
        // The client gives up after this bound instead of retrying for ever.
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);

        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unable to connect");
    }
}
