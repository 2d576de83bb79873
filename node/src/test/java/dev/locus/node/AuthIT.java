package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.MutableClock;
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
import org.junit.jupiter.api.io.TempDir;
import dev.locus.node.support.Sipp;

import java.nio.file.Files;
import java.nio.file.Path;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Digest authentication of REGISTER against a real subscriber table, over real SIP. */
class AuthIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.24";
    private static final String DOMAIN = "example.com";
    private static final String URI = "sip:" + DOMAIN;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 15724);
        TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.secret", "auth-it-shared-secret");
        settings.put("auth.cache_seconds", "0");
        node = TestNodes.start(settings, CLOCK);
        rpc = new RpcClient(node.rpcAddress());
        String bobHa1 = DigestClient.hex("MD5", "bob:" + DOMAIN + ":bob-pw");
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('bob', 'example.com', '', '%s', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('carol', 'example.com', 'carol-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('dave', 'example.com', 'dave-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('erin', 'example.com', 'erin-pw', '', '');
                """.formatted(bobHa1));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static SipClient ua() throws Exception {
        return new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060));
    }

    private static String challenge(SipResponse unauthorized, String algorithm) {
        return unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals(algorithm)).findFirst().orElseThrow();
    }

    private static SipResponse registerWith(SipClient ua, String user, String password, String algorithm) throws Exception {
        Register register = Register.of(user, DOMAIN).contact("<sip:" + user + "@192.0.2.1>").expires(600);
        SipResponse unauthorized = ua.request(register.to(ua));
        assertThat(unauthorized.status()).isEqualTo(401);
        String auth = DigestClient.authorization(challenge(unauthorized, algorithm), user, password, URI, "00000001", "c1");
        return ua.request(register.next().header(auth).to(ua));
    }

    @Test
    void aRegisterWithoutCredentialsIsChallengedWithMd5ThenSha256() throws Exception {
        try (SipClient ua = ua()) {
            SipResponse unauthorized = ua.request(Register.of("alice", DOMAIN).contact("<sip:alice@192.0.2.9>").to(ua));
            assertThat(unauthorized.status()).isEqualTo(401);
            List<String> challenges = unauthorized.lines("www-authenticate");
            assertThat(challenges).hasSize(2);
            assertThat(challenges).extracting(c -> DigestClient.params(c).get("algorithm")).containsExactly("MD5", "SHA-256");
            Map<String, String> md5 = DigestClient.params(challenges.get(0));
            assertThat(md5.get("realm")).isEqualTo(DOMAIN);
            assertThat(md5.get("qop")).isEqualTo("auth");
            assertThat(md5.get("nonce")).isNotBlank();
            assertThat(md5).doesNotContainKey("stale");
            assertThat(rpc.lookupContacts("alice")).doesNotContain("sip:alice@192.0.2.9");
        }
    }

    @Test
    void correctMd5CredentialsRegister() throws Exception {
        try (SipClient ua = ua()) {
            SipResponse ok = registerWith(ua, "alice", "alice-pw", "MD5");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("alice")).contains("sip:alice@192.0.2.1");
        }
    }

    @Test
    void correctSha256CredentialsRegister() throws Exception {
        try (SipClient ua = ua()) {
            assertThat(registerWith(ua, "carol", "carol-pw", "SHA-256").status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("carol")).containsExactly("sip:carol@192.0.2.1");
        }
    }

    @Test
    void aSubscriberWithOnlyAnHa1RegistersWithMd5() throws Exception {
        try (SipClient ua = ua()) {
            assertThat(registerWith(ua, "bob", "bob-pw", "MD5").status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("bob")).containsExactly("sip:bob@192.0.2.1");
        }
    }

    @Test
    void aWrongPasswordIsForbiddenWithoutAnotherChallenge() throws Exception {
        try (SipClient ua = ua()) {
            SipResponse forbidden = registerWith(ua, "dave", "not-daves-pw", "MD5");
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.lines("www-authenticate")).isEmpty();
            assertThat(rpc.lookupContacts("dave")).isEmpty();
        }
    }

    @Test
    void anUnknownUserGetsTheSameForbiddenAsAWrongPassword() throws Exception {
        try (SipClient ua = ua()) {
            SipResponse unknown = registerWith(ua, "mallory", "guess", "MD5");
            SipResponse wrong = registerWith(ua, "dave", "guess", "MD5");
            assertThat(unknown.status()).isEqualTo(403);
            assertThat(unknown.reason()).isEqualTo(wrong.reason());
        }
    }

    @Test
    void credentialsOfAnotherUserThanTheToAreForbidden() throws Exception {
        try (SipClient ua = ua()) {
            Register register = Register.of("erin", DOMAIN).contact("<sip:erin@192.0.2.1>");
            SipResponse unauthorized = ua.request(register.to(ua));
            String asAlice = DigestClient.authorization(challenge(unauthorized, "MD5"), "alice", "alice-pw", URI, "00000001", "c2");
            SipResponse forbidden = ua.request(register.next().header(asAlice).to(ua));
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.reason()).contains("does not match To");
            assertThat(rpc.lookupContacts("erin")).isEmpty();
        }
    }

    @Test
    void anExpiredNonceIsChallengedAgainAsStale() throws Exception {
        try (SipClient ua = ua()) {
            Register register = Register.of("alice", DOMAIN).contact("<sip:alice@192.0.2.77>");
            SipResponse unauthorized = ua.request(register.to(ua));
            CLOCK.advance(Duration.ofSeconds(301));
            String late = DigestClient.authorization(challenge(unauthorized, "MD5"), "alice", "alice-pw", URI, "00000001", "c3");
            SipResponse stale = ua.request(register.next().header(late).to(ua));
            assertThat(stale.status()).isEqualTo(401);
            assertThat(stale.lines("www-authenticate")).allSatisfy(c -> assertThat(DigestClient.params(c)).containsEntry("stale", "true"));
            assertThat(rpc.lookupContacts("alice")).doesNotContain("sip:alice@192.0.2.77");
        }
    }

    @Test
    void aReplayedNonceCountIsRejectedButARetransmissionIsAnsweredAgain() throws Exception {
        try (SipClient ua = ua()) {
            Register register = Register.of("alice", DOMAIN).contact("<sip:alice@192.0.2.55>").expires(600);
            SipResponse unauthorized = ua.request(register.to(ua));
            String auth = DigestClient.authorization(challenge(unauthorized, "MD5"), "alice", "alice-pw", URI, "00000001", "c4");
            String first = register.next().header(auth).to(ua);
            assertThat(ua.request(first).status()).isEqualTo(200);
            assertThat(ua.request(first).status()).as("retransmission").isEqualTo(200);
            SipResponse replay = ua.request(register.next().to(ua));
            assertThat(replay.status()).isEqualTo(401);
        }
    }

    @Test
    void statisticsCountChallengesSuccessesAndFailures() throws Exception {
        long challenges = statistic("challenges");
        long successes = statistic("successes");
        long failures = statistic("failures");
        try (SipClient ua = ua()) {
            registerWith(ua, "alice", "alice-pw", "MD5");
            registerWith(ua, "dave", "wrong", "MD5");
        }
        assertThat(statistic("challenges")).isEqualTo(challenges + 2);
        assertThat(statistic("successes")).isEqualTo(successes + 1);
        assertThat(statistic("failures")).isEqualTo(failures + 1);
    }

    @Test
    void sippSubscribersRegisterWithDigestWithoutFailure(@TempDir Path dir) throws Exception {
        Path sipp = Sipp.require();
        int users = 200;
        StringBuilder rows = new StringBuilder("INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ");
        StringBuilder inject = new StringBuilder("SEQUENTIAL\n");
        for (int i = 1; i <= users; i++) {
            String user = "sippauth" + i;
            rows.append(i > 1 ? ", " : "").append("('").append(user).append("', 'example.com', 'pw-").append(user).append("', '', '')");
            inject.append(user).append(";[authentication username=").append(user).append(" password=pw-").append(user).append("]\n");
        }
        DB.runScript(rows.append(";").toString());
        Files.writeString(dir.resolve("users.csv"), inject);
        Path scenario = Path.of("..", "bench", "sipp", "register-auth.xml").toAbsolutePath().normalize();
        Sipp.Result result = Sipp.run(sipp, dir, List.of("-sf", scenario.toString(), "-t", "u1", "-inf",
                dir.resolve("users.csv").toString(), "-key", "domain", DOMAIN, "-key", "expires", "3600",
                "-auth_uri", DOMAIN, "-i", "127.0.0.1", "-p", "0", "-m", Integer.toString(users), "-r", "100", "-nd",
                "-recv_timeout", "5000", HOST + ":5060"), 120);
        assertThat(result.failed()).as(result.output()).isZero();
        assertThat(result.successful()).isEqualTo(users);
        for (int i = 1; i <= users; i += 37) {
            assertThat(rpc.lookupContacts("sippauth" + i)).hasSize(1);
        }
    }

    private static long statistic(String name) throws Exception {
        String line = rpc.result("stats.get_statistics", name).get(0).asText();
        assertThat(line).startsWith("auth:" + name);
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }
}
