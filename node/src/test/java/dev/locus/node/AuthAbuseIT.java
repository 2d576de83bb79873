package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Digest authentication under attack, on a two-node cluster sharing one secret and one subscriber table: replays
 * (to the same node with another Contact, to the other node), a digest uri for another Request-URI, password
 * guessing on one nonce.
 */
class AuthAbuseIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String[] HOSTS = {"127.0.0.211", "127.0.0.212"};
    private static final String DOMAIN = "example.com";
    private static final String URI = "sip:" + DOMAIN;
    private static final LocusNode[] nodes = new LocusNode[2];

    @BeforeAll
    static void startCluster() throws Exception {
        for (int i = 0; i < 2; i++) {
            Map<String, String> settings = TestNodes.settings(HOSTS[i], 5701);
            TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
            settings.put("cluster.name", "auth-abuse-it");
            settings.put("cluster.members", HOSTS[1 - i] + ":5701");
            settings.put("db.migrate_on_start", Boolean.toString(i == 0));
            settings.put("auth.secret", "auth-abuse-it-shared-secret");
            nodes[i] = TestNodes.start(settings, Clock.systemUTC());
        }
        for (LocusNode node : nodes) {
            RpcClient rpc = new RpcClient(node.rpcAddress());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(rpc.result("stats.get_statistics", "cluster:").toString()).contains("cluster:members = 2"));
        }
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('bob', 'example.com', 'bob-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('carol', 'example.com', 'carol-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('dave', 'example.com', 'dave-pw', '', '');
                """);
    }

    @AfterAll
    static void stopCluster() {
        for (LocusNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static SipClient ua(int node) throws Exception {
        return new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOSTS[node], 5060));
    }

    private static String md5Challenge(SipResponse unauthorized) {
        assertThat(unauthorized.status()).isEqualTo(401);
        return unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
    }

    @Test
    void theSameAuthorizationCallIdAndCseqWithAnotherContactIsChallengedAgain() throws Exception {
        try (SipClient ua = ua(0)) {
            Register register = Register.of("alice", DOMAIN).callId("abuse-alice").contact("<sip:alice@192.0.2.61>").expires(600);
            String auth = DigestClient.authorization(md5Challenge(ua.request(register.to(ua))), "alice", "alice-pw", URI,
                    "00000001", "c1");
            assertThat(ua.request(register.next().header(auth).to(ua)).status()).isEqualTo(200);

            Register replay = Register.of("alice", DOMAIN).callId("abuse-alice").cseq(2)
                    .contact("<sip:attacker@203.0.113.66>").expires(4294967295L).header(auth);
            assertThat(ua.request(replay.to(ua)).status()).isEqualTo(401);
        }
    }

    @Test
    void anAuthorizationUsedOnOneNodeIsChallengedWhenReplayedToTheOther() throws Exception {
        try (SipClient first = ua(0); SipClient second = ua(1)) {
            Register register = Register.of("bob", DOMAIN).callId("abuse-bob").contact("<sip:bob@192.0.2.62>").expires(600);
            String auth = DigestClient.authorization(md5Challenge(first.request(register.to(first))), "bob", "bob-pw", URI,
                    "00000001", "c1");
            assertThat(first.request(register.next().header(auth).to(first)).status()).isEqualTo(200);

            Register removeAll = Register.of("bob", DOMAIN).callId("abuse-bob").cseq(3).contact("*").expires(0).header(auth);
            assertThat(second.request(removeAll.to(second)).status()).isEqualTo(401);
        }
    }

    @Test
    void aDigestUriOtherThanTheRequestUriIsABadRequest() throws Exception {
        try (SipClient ua = ua(0)) {
            Register register = Register.of("carol", DOMAIN).contact("<sip:carol@192.0.2.63>").expires(600);
            String auth = DigestClient.authorization(md5Challenge(ua.request(register.to(ua))), "carol", "carol-pw",
                    "sip:elsewhere.example.net", "00000001", "c1");
            assertThat(ua.request(register.next().header(auth).to(ua)).status()).isEqualTo(400);
        }
    }

    private static Register daveRegister(long cseq) {
        return Register.of("dave", DOMAIN).callId("abuse-dave").cseq(cseq).contact("<sip:dave@192.0.2.64>").expires(600);
    }

    @Test
    void aNonceThatTookThreeWrongPasswordsOnOneNodeIsChallengedAgainOnTheOtherEvenWithTheRightOne() throws Exception {
        try (SipClient guesser = ua(0); SipClient owner = ua(1)) {
            String challenge = md5Challenge(guesser.request(daveRegister(1).to(guesser)));
            for (int guess = 1; guess <= 3; guess++) {
                String wrong = DigestClient.authorization(challenge, "dave", "guess-" + guess, URI, "0000000" + guess, "c" + guess);
                assertThat(guesser.request(daveRegister(1 + guess).header(wrong).to(guesser)).status()).isEqualTo(403);
            }
            String right = DigestClient.authorization(challenge, "dave", "dave-pw", URI, "00000004", "c4");
            SipResponse answer = owner.request(daveRegister(5).header(right).to(owner));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.lines("www-authenticate")).noneMatch(c -> c.contains("stale=true"));
        }
    }
}
