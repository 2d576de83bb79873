package dev.locus.node;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.MutableClock;
import dev.locus.node.support.Register;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REGISTER authenticated against a real subscriber table on the database threads, on a node whose Hazelcast
 * store refuses writes: the store fails there, off the SIP thread, and the UA still gets its final answer.
 */
class AuthStoreFailureIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.182";
    private static final String DOMAIN = "example.com";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private static LocusNode node;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 15782);
        TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.secret", "auth-failure-it-secret");
        // No cache: every credential check runs on the database threads.
        settings.put("auth.cache_seconds", "0");
        settings.put("uacreg.enabled", "false");
        node = TestNodes.start(settings, CLOCK);
        DB.runScript("INSERT INTO subscriber (username, domain, password, ha1, ha1b) "
                + "VALUES ('alice', 'example.com', 'alice-pw', '', '');");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /**
     * A passive cluster refuses every write, the nonce map's included, while the member runs: the store fails
     * and the node still serves. (A member that ends stops the whole node: MemberLossIT.)
     */
    private static void makeTheStoreRefuseWrites() {
        String prefix = "locus-" + node.name() + "-";
        HazelcastInstance member = Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith(prefix)).findFirst().orElseThrow();
        member.getCluster().changeClusterState(ClusterState.PASSIVE);
    }

    @Test
    void anAuthenticatedRegisterIsAnsweredServerErrorWhenTheLocationStoreIsGone() throws Exception {
        makeTheStoreRefuseWrites();
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060))) {
            Register register = Register.of("alice", DOMAIN).contact("<sip:alice@192.0.2.1>").expires(600);
            SipResponse unauthorized = ua.request(register.to(ua));
            assertThat(unauthorized.status()).isEqualTo(401);
            String challenge = unauthorized.lines("www-authenticate").get(0);
            String auth = DigestClient.authorization(challenge, "alice", "alice-pw", "sip:" + DOMAIN, "00000001", "c1");

            SipResponse failed = ua.request(register.next().header(auth).to(ua));

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.reason()).startsWith("Server Internal Error");
        }
    }
}
