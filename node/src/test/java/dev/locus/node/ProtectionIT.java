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

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The cluster-wide protection, over real SIP from distinct loopback sources, on three nodes sharing one subscriber
 * table: the third answers banned sources 403, the others drop them. Each test has sources (and guessed users) of
 * its own, so bans of one never touch another. Bans are checked where they matter, on SIP, and in the table through
 * the htable RPC.
 */
class ProtectionIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String[] HOSTS = {"127.0.0.104", "127.0.0.105", "127.0.0.106"};
    private static final int SIP_PORT = 17202;
    private static final int CLUSTER_PORT = 17201;
    private static final String DOMAIN = "example.com";
    private static final String URI = "sip:" + DOMAIN;
    private static final int FAILURES_PER_IP = 3;
    private static final int BAN_SECONDS = 10;
    private static final LocusNode[] nodes = new LocusNode[3];
    private static final RpcClient[] rpc = new RpcClient[3];

    @BeforeAll
    static void startCluster() throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            Map<String, String> s = TestNodes.settings(HOSTS[i], CLUSTER_PORT);
            TestNodes.withDatabase(s, DB.url(), DB.user(), DB.password());
            s.put("sip.listen", "udp:" + HOSTS[i] + ":" + SIP_PORT + ",tcp:" + HOSTS[i] + ":" + SIP_PORT);
            s.put("cluster.name", "protection-it");
            s.put("cluster.members", String.join(",", java.util.Arrays.stream(HOSTS).map(h -> h + ":" + CLUSTER_PORT).toList()));
            s.put("db.migrate_on_start", Boolean.toString(i == 0));
            s.put("auth.secret", "protection-it-shared-secret");
            s.put("protect.trusted", "");
            s.put("protect.ban_seconds", Integer.toString(BAN_SECONDS));
            s.put("protect.auth_failures_per_ip", Integer.toString(FAILURES_PER_IP));
            s.put("protect.auth_failures_per_user", "5");
            s.put("protect.flood_limit", "500");
            s.put("protect.flood_window", "1");
            s.put("protect.answer", i == 2 ? "403" : "drop");
            nodes[i] = TestNodes.start(s, Clock.systemUTC());
            rpc[i] = new RpcClient(nodes[i].rpcAddress());
        }
        for (RpcClient r : rpc) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(r.result("stats.get_statistics", "cluster:").toString()).contains("cluster:members = 3"));
        }
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('bob', 'example.com', 'bob-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('carol', 'example.com', 'carol-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('dave', 'example.com', 'dave-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('erin', 'example.com', 'erin-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('frank', 'example.com', 'frank-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('grace', 'example.com', 'grace-pw', '', '');
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

    private static SipClient ua(String source, int node) throws IOException {
        return new SipClient(Transport.UDP, source, new InetSocketAddress(HOSTS[node], SIP_PORT));
    }

    private static String challenge(SipResponse unauthorized) {
        assertThat(unauthorized.status()).isEqualTo(401);
        return unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
    }

    private static Register register(String user) {
        return Register.of(user, DOMAIN).contact("<sip:" + user + "@192.0.2.70>").expires(600);
    }

    /** One REGISTER with a fresh challenge and the given password: the final status. */
    private static int attempt(SipClient ua, String user, String password) throws IOException {
        Register r = register(user);
        String auth = DigestClient.authorization(challenge(ua.request(r.to(ua))), user, password, URI, "00000001", "c1");
        return ua.request(r.next().header(auth).to(ua)).status();
    }

    private static void guess(SipClient ua, String user, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            assertThat(attempt(ua, user, "guess-" + i)).isIn(401, 403);
        }
    }

    /** What a REGISTER from the client gets now: empty when it is dropped. */
    private static Optional<SipResponse> answer(SipClient ua) throws IOException {
        ua.send(register("nobody").to(ua));
        return ua.receive(Duration.ofMillis(400));
    }

    private static long statistic(int node, String name) throws Exception {
        String all = rpc[node].result("stats.get_statistics", "protect:").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("protect:" + name + " = (\\d+)").matcher(all);
        assertThat(m.find()).as(all).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aPasswordGuesserIsBannedOnEveryNodeAndTheUserStillRegistersFromElsewhere() throws Exception {
        try (SipClient guesser = ua("127.0.0.113", 0); SipClient owner = ua("127.0.0.114", 1)) {
            guess(guesser, "alice", FAILURES_PER_IP);
            assertThat(answer(guesser)).as("still under the threshold").isPresent();
            guess(guesser, "alice", 1);

            for (int node : new int[] {0, 1}) {
                try (SipClient towards = ua("127.0.0.113", node)) {
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                            assertThat(answer(towards)).as("node %d", node).isEmpty());
                }
            }
            try (SipClient towards = ua("127.0.0.113", 2)) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(answer(towards).map(SipResponse::status)).contains(403));
            }
            assertThat(attempt(owner, "alice", "alice-pw")).isEqualTo(200);
            for (int node = 0; node < nodes.length; node++) {
                assertThat(statistic(node, "banned")).as("node %d", node).isPositive();
            }
            assertThat(statistic(0, "dropped")).isPositive();
            for (RpcClient r : rpc) {
                assertThat(r.result("htable.dump", "ipban").findValuesAsText("name")).contains("127.0.0.113");
            }
        }
    }

    @Test
    void operatorsSeeLiftAndMakeBansWithTheHtableRpc() throws Exception {
        try (SipClient guesser = ua("127.0.0.126", 0)) {
            guess(guesser, "grace", FAILURES_PER_IP + 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answer(guesser)).isEmpty());
            assertThat(rpc[1].result("htable.dump", "ipban").findValuesAsText("name")).contains("127.0.0.126");

            assertThat(rpc[2].result("htable.delete", "ipban", "127.0.0.126").asText()).isEqualTo("Ok. Key deleted.");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(answer(guesser).map(SipResponse::status)).contains(401));

            rpc[1].result("htable.seti", "ipban", "127.0.0.126", 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answer(guesser)).isEmpty());
        }
    }

    @Test
    void aBannedSourcesTcpConnectionsAreReset() throws Exception {
        try (SipClient guesser = ua("127.0.0.117", 0)) {
            guess(guesser, "dave", FAILURES_PER_IP + 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answer(guesser)).isEmpty());
        }
        assertThatThrownBy(() -> {
            try (SipClient tcp = new SipClient(Transport.TCP, "127.0.0.117", new InetSocketAddress(HOSTS[1], SIP_PORT))) {
                tcp.request(register("dave").to(tcp));
            }
        }).isInstanceOf(IOException.class);
        assertThat(statistic(1, "tcp_refused")).isPositive();
    }

    @Test
    void guessingOneUserFromManySourcesBansTheSourceThatGoesOverNotTheUser() throws Exception {
        try (SipClient first = ua("127.0.0.118", 0); SipClient second = ua("127.0.0.119", 1);
             SipClient third = ua("127.0.0.120", 0); SipClient owner = ua("127.0.0.123", 0)) {
            guess(first, "carol", 2);
            guess(second, "carol", 2);
            guess(third, "carol", 1);
            assertThat(answer(third)).as("five failures for carol: at the threshold").isPresent();
            guess(third, "carol", 1);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answer(third)).isEmpty());
            assertThat(answer(first)).as("a source under its own threshold").isPresent();
            assertThat(attempt(owner, "carol", "carol-pw")).isEqualTo(200);
        }
    }

    @Test
    void aFloodingSourceIsBannedWhileAnotherKeepsRegistering() throws Exception {
        int attempts = 60;
        AtomicBoolean registering = new AtomicBoolean(true);
        CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> flood(registering));
        int ok = 0;
        try (SipClient phone = ua("127.0.0.116", 0)) {
            for (int i = 0; i < attempts; i++) {
                Register r = register("bob");
                phone.send(r.to(phone));
                Optional<SipResponse> unauthorized = phone.receive(Duration.ofSeconds(2));
                if (unauthorized.isEmpty() || unauthorized.get().status() != 401) {
                    continue;
                }
                phone.send(r.next().header(DigestClient.authorization(challenge(unauthorized.get()), "bob", "bob-pw",
                        URI, "00000001", "c1")).to(phone));
                if (phone.receive(Duration.ofSeconds(2)).map(SipResponse::status).orElse(0) == 200) {
                    ok++;
                }
            }
        } finally {
            registering.set(false);
        }
        int sent = flood.join();
        assertThat(sent).isGreaterThan(500);
        assertThat(ok).as("successful registrations of %d during a flood of %d datagrams", attempts, sent)
                .isGreaterThanOrEqualTo(attempts * 95 / 100);
        try (SipClient flooder = ua("127.0.0.115", 0)) {
            assertThat(answer(flooder)).isEmpty();
        }
        assertThat(statistic(0, "dropped")).isPositive();
        for (int node = 0; node < nodes.length; node++) {
            int n = node;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(statistic(n, "banned")).isPositive());
        }
    }

    /** A tight sender loop of REGISTERs from one source, bounded, and over once the phone is done. */
    private static int flood(AtomicBoolean going) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.115"), 0))) {
            InetSocketAddress node = new InetSocketAddress(HOSTS[0], SIP_PORT);
            int sent = 0;
            while (sent < 200_000 && (going.get() || sent < 20_000)) {
                byte[] bytes = ("REGISTER sip:" + DOMAIN + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.115:"
                        + socket.getLocalPort() + ";branch=z9hG4bKflood" + sent + "\r\nMax-Forwards: 70\r\n"
                        + "From: <sip:flood@" + DOMAIN + ">;tag=f\r\nTo: <sip:flood@" + DOMAIN + ">\r\nCall-ID: flood-"
                        + sent + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:flood@192.0.2.99>\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, node));
                sent++;
            }
            return sent;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBanEndsWhenItsTimeIsUp() throws Exception {
        try (SipClient guesser = ua("127.0.0.124", 1)) {
            guess(guesser, "erin", FAILURES_PER_IP + 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answer(guesser)).isEmpty());
            await().atMost(Duration.ofSeconds(BAN_SECONDS + 10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(answer(guesser).map(SipResponse::status)).contains(401));
        }
    }

    @Test
    void aNodeAnswering403AnswersABannedSource403() throws Exception {
        try (SipClient guesser = ua("127.0.0.125", 2)) {
            guess(guesser, "frank", FAILURES_PER_IP + 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(answer(guesser).map(SipResponse::status)).contains(403));
            assertThat(statistic(2, "forbidden")).isPositive();
        }
    }
}
