package dev.locus.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import dev.locus.node.config.LocusConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
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

    private static HazelcastInstance member(LocusNode node) {
        String prefix = "locus-" + node.name() + "-";
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith(prefix)).findFirst().orElseThrow();
    }
}
