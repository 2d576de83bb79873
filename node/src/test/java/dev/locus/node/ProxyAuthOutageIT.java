package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.MutableClock;
import dev.locus.node.support.Phone;
import dev.locus.node.support.Phone.Transport;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.TcpForwarder;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call from one of our users while the subscriber database is unreachable (a TCP forwarder the test cuts): the
 * caller gets 500 with Retry-After, as a REGISTER does, and nothing is forwarded. Node on 127.0.0.102, phones on
 * 127.0.0.103.
 */
class ProxyAuthOutageIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.102";
    private static final String PHONES = "127.0.0.103";
    private static final String DOMAIN = "example.com";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private static InetSocketAddress database;
    private static InetSocketAddress forwarded;
    private static LocusNode node;
    private static TcpForwarder forwarder;

    @BeforeAll
    static void startNode() throws Exception {
        URI jdbc = URI.create(DB.url().substring("jdbc:".length()));
        database = new InetSocketAddress(jdbc.getHost(), jdbc.getPort() > 0 ? jdbc.getPort() : 3306);
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            forwarded = new InetSocketAddress(HOST, free.getLocalPort());
        }
        Map<String, String> settings = TestNodes.withDatabase(TestNodes.settings(HOST, 16601),
                "jdbc:mysql://" + HOST + ":" + forwarded.getPort() + jdbc.getRawPath()
                        + (jdbc.getRawQuery() == null ? "" : "?" + jdbc.getRawQuery()), DB.user(), DB.password());
        settings.put("auth.secret", "proxy-auth-outage-it-secret");
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.cache_seconds", "0");
        settings.put("registrar.domains", DOMAIN);
        // Up until the test cuts it: the pool's connections go through it.
        forwarder = new TcpForwarder(forwarded, database).open();
        node = TestNodes.start(settings, CLOCK);
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('bob', 'example.com', 'bob-pw', '', '');
                """);
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
        forwarder.close();
    }

    @Test
    void aCallWhoseCallerCannotBeLookedUpGetsServerErrorWithRetryAfter() throws Exception {
        InetSocketAddress sip = new InetSocketAddress(HOST, 5060);
        try (Phone callee = new Phone(Transport.UDP, PHONES, sip); Phone caller = new Phone(Transport.UDP, PHONES, sip)) {
            callee.register("bob", DOMAIN, "", "bob-pw");
            forwarder.close();
            String target = "sip:bob@" + DOMAIN;
            String callId = caller.call("INVITE", target, "alice@" + DOMAIN, "");
            String invite = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(required.status()).as("a challenge needs no database").isEqualTo(407);
            String challenge = required.lines("proxy-authenticate").stream()
                    .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
            caller.send(caller.retry(invite, DigestClient.proxyAuthorization(challenge, "INVITE", "alice", "alice-pw",
                    target, "00000001", "c1")));
            // The lookup may wait out the database's connect timeout before it fails.
            SipMessage error = caller.poll(m -> !m.isRequest() && m.callId().equals(callId) && m.status() > 407,
                    Duration.ofSeconds(40)).orElseThrow(() -> new AssertionError("no answer while the database is down"));
            assertThat(error.status()).isEqualTo(500);
            assertThat(error.firstLine()).endsWith("credentials unavailable");
            assertThat(error.header("retry-after")).isEqualTo("5");
            assertThat(callee.poll(m -> m.isRequest() && m.method().equals("INVITE"), Duration.ofMillis(300))).isEmpty();
        }
    }
}
