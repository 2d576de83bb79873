package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.registrar.auth.CachingSubscriberRepository;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.MutableClock;
import dev.locus.node.support.Register;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TcpForwarder;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Digest authentication while the subscriber database is unreachable: a TCP forwarder the test cuts. */
class AuthDatabaseOutageIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.213";
    private static final String DOMAIN = "example.com";
    private static final String URI_ = "sip:" + DOMAIN;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private static InetSocketAddress database;
    private static InetSocketAddress forwarded;
    private static LocusNode node;
    private TcpForwarder forwarder;

    @BeforeAll
    static void startNode() throws Exception {
        URI jdbc = URI.create(DB.url().substring("jdbc:".length()));
        database = new InetSocketAddress(jdbc.getHost(), jdbc.getPort() > 0 ? jdbc.getPort() : 3306);
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            forwarded = new InetSocketAddress(HOST, free.getLocalPort());
        }
        Map<String, String> settings = TestNodes.withDatabase(TestNodes.settings(HOST, 5701),
                "jdbc:mysql://" + HOST + ":" + forwarded.getPort() + jdbc.getRawPath()
                        + (jdbc.getRawQuery() == null ? "" : "?" + jdbc.getRawQuery()), DB.user(), DB.password());
        settings.put("auth.secret", "auth-outage-it-shared-secret");
        settings.put("db.migrate_on_start", "true");
        // Every lookup asks the database while it answers: the last good entry is what is left once it does not.
        settings.put("auth.cache_seconds", "0");
        try (TcpForwarder up = new TcpForwarder(forwarded, database).open()) {
            node = TestNodes.start(settings, CLOCK);
        }
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                """);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void databaseUp() throws Exception {
        forwarder = new TcpForwarder(forwarded, database).open();
        // Past any pause from an earlier outage, and past every cached lookup.
        CLOCK.advance(Duration.ofMinutes(1));
        awaitLookupsReachTheDatabase();
    }

    /**
     * Until a lookup is answered by the database again. After an outage the pool only reconnects after its own
     * back-off (up to its 5 s connection timeout), so the first lookups once the database is back may still fail.
     */
    private static void awaitLookupsReachTheDatabase() {
        AtomicInteger probe = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            // A failed probe pauses lookups for RETRY_AFTER of the node's clock: the next one comes after it.
            CLOCK.advance(CachingSubscriberRepository.RETRY_AFTER);
            try (SipClient ua = ua()) {
                int n = probe.incrementAndGet();
                String challenge = md5Challenge(ua.request(Register.of("probe", DOMAIN).callId("probe-" + n).to(ua)));
                String auth = DigestClient.authorization(challenge, "probe", "no-such-user", URI_, "00000001", "p" + n);
                ua.send(Register.of("probe", DOMAIN).callId("probe-" + n).cseq(2).contact("<sip:probe@192.0.2.72>")
                        .header(auth).to(ua));
                // No such subscriber: any answer but the outage's 500 came from the database.
                return answer(ua).status() != 500;
            }
        });
    }

    @AfterEach
    void closeForwarder() throws Exception {
        forwarder.close();
    }

    private static SipClient ua() throws Exception {
        return new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060));
    }

    private static String md5Challenge(SipResponse unauthorized) {
        assertThat(unauthorized.status()).isEqualTo(401);
        return unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
    }

    /** The next response, however long the node takes (a lookup may wait out the database's connect timeout). */
    private static SipResponse answer(SipClient ua) {
        List<SipResponse> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Optional<SipResponse> r = ua.receive();
            r.ifPresent(got::add);
            return r.isPresent();
        });
        return got.get(0);
    }

    private static String authorized(SipClient ua, String user, String password, String callId) throws Exception {
        Register register = Register.of(user, DOMAIN).callId(callId).contact("<sip:" + user + "@192.0.2.70>").expires(600);
        String auth = DigestClient.authorization(md5Challenge(ua.request(register.to(ua))), user, password, URI_,
                "00000001", "c1");
        return register.next().header(auth).to(ua);
    }

    @Test
    void aKnownUserStillRegistersFromItsLastGoodLookupWhileTheDatabaseIsDown() throws Exception {
        try (SipClient ua = ua()) {
            assertThat(ua.request(authorized(ua, "alice", "alice-pw", "outage-alice-1")).status()).isEqualTo(200);
            CLOCK.advance(Duration.ofMinutes(1));
            forwarder.close();
            String again = authorized(ua, "alice", "alice-pw", "outage-alice-2");
            ua.send(again);
            assertThat(answer(ua).status()).isEqualTo(200);
        }
    }

    @Test
    void everyRequestOfABurstIsAnsweredWithServerErrorAndRetryAfterWhileTheDatabaseIsDown() throws Exception {
        try (SipClient ua = ua()) {
            String challenge = md5Challenge(ua.request(Register.of("ghost0", DOMAIN).to(ua)));
            forwarder.close();
            for (int i = 0; i < 100; i++) {
                String user = "ghost" + i;
                String auth = DigestClient.authorization(challenge, user, "guess", URI_, "00000001", "c" + i);
                ua.send(Register.of(user, DOMAIN).callId("outage-burst-" + i).cseq(2)
                        .contact("<sip:" + user + "@192.0.2.71>").expires(600).header(auth).to(ua));
            }
            for (int i = 0; i < 100; i++) {
                SipResponse r = answer(ua);
                assertThat(r.status()).as("answer %d", i).isEqualTo(500);
                assertThat(r.first("retry-after")).as("answer %d", i).isPresent();
            }
        }
    }
}
