package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.Phone;
import dev.locus.node.support.Phone.Transport;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Digest authentication of proxied requests (Kamailio's default policy) on one node (127.0.0.100) with a real
 * subscriber table: our users' initial requests are challenged with 407 and forwarded once they answer, without
 * their credentials; callers from other domains reach our users unchallenged. Phones on 127.0.0.101.
 */
class ProxyAuthIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.100";
    private static final String PHONES = "127.0.0.101";
    private static final String DOMAIN = "example.com";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);
    private static final AtomicInteger CALLEES = new AtomicInteger();
    private static LocusNode node;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 16600);
        TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.secret", "proxy-auth-it-shared-secret");
        // Every lookup asks the database: the request goes on from a database thread, the path a cache miss takes.
        settings.put("auth.cache_seconds", "0");
        settings.put("registrar.domains", DOMAIN);
        node = TestNodes.start(settings, InstantSource.system());
        StringBuilder rows = new StringBuilder();
        for (String user : new String[]{"alice", "carol", "trunkdesk", "callee1", "callee2", "callee3", "callee4", "callee5",
                "callee6", "callee7", "callee8"}) {
            rows.append("INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('%s', 'example.com', '%s', '', '');\n"
                    .formatted(user, user + "-pw"));
        }
        // A trunk (switched off: flags 1, it registers nowhere) whose contact stands for trunkdesk@example.com.
        rows.append("INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, "
                + "auth_password, auth_proxy, expires, flags) VALUES ('trunkin', 'trunkdesk', 'example.com', 'desk', "
                + "'carrier.example', 'carrier.example', 'desk', 'x', 'sip:127.0.0.1:9', 600, 1);\n");
        DB.runScript(rows.toString());
        RpcClient rpc = new RpcClient(node.rpcAddress());
        rpc.result("uac.reg_reload");
        await().atMost(Duration.ofSeconds(10)).until(() -> rpc.result("uac.reg_dump").size() == 1);
    }

    @Test
    void aCarriersCallToATrunkContactIsNotChallengedWhateverItsFrom() throws Exception {
        try (Phone desk = phone(); Phone carrier = phone()) {
            desk.register("trunkdesk", DOMAIN, "", "trunkdesk-pw");
            // The carrier cannot answer for our users: its call to the trunk's contact goes through, even with a
            // From in our domain (a carrier may present the caller's number in any domain).
            String callId = carrier.call("INVITE", "sip:trunkin@" + HOST, "alice@" + DOMAIN, "");
            SipMessage invite = desk.awaitRequest("INVITE");
            assertThat(invite.lines("proxy-authorization")).isEmpty();
            desk.reply(invite, 200, "OK");
            assertThat(carrier.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static Phone phone() throws Exception {
        return new Phone(Transport.UDP, PHONES, SIP);
    }

    /** A callee of its own per test, registered with its credentials. */
    private static String registeredCallee(Phone callee) throws Exception {
        String user = "callee" + CALLEES.incrementAndGet();
        callee.register(user, DOMAIN, "", user + "-pw");
        return user;
    }

    private static String challenge(SipMessage proxyAuthRequired, String algorithm) {
        return proxyAuthRequired.lines("proxy-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals(algorithm)).findFirst().orElseThrow();
    }

    @Test
    void ourUsersInviteIsChallengedThenForwardedWithoutItsCredentials() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String bob = registeredCallee(callee);
            String target = "sip:" + bob + "@" + DOMAIN;
            String callId = caller.call("INVITE", target, "alice@" + DOMAIN, "");
            String invite = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(required.status()).isEqualTo(407);
            assertThat(required.lines("www-authenticate")).isEmpty();
            assertThat(required.lines("proxy-authenticate")).extracting(c -> DigestClient.params(c).get("algorithm"))
                    .containsExactly("MD5", "SHA-256");
            Map<String, String> md5 = DigestClient.params(challenge(required, "MD5"));
            assertThat(md5).containsEntry("realm", DOMAIN).containsEntry("qop", "auth");
            assertThat(callee.poll(m -> m.isRequest() && m.method().equals("INVITE"), Duration.ofMillis(300)))
                    .as("nothing is forwarded before the caller authenticates").isEmpty();

            caller.send(caller.retry(invite, DigestClient.proxyAuthorization(challenge(required, "MD5"), "INVITE",
                    "alice", "alice-pw", target, "00000001", "c1")));
            SipMessage forwarded = callee.awaitRequest("INVITE");
            assertThat(forwarded.lines("proxy-authorization")).as("consumed").isEmpty();
            assertThat(forwarded.header("from")).contains("alice@" + DOMAIN);
            callee.reply(forwarded, 200, "OK");
            SipMessage ok = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(ok.status()).isEqualTo(200);

            // In-dialog requests follow the route set: no second challenge.
            caller.inDialog("BYE", ok, 3);
            callee.reply(callee.awaitRequest("BYE"), 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }

    @Test
    void sha256CredentialsAreGoodToo() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("INVITE", target, "alice@" + DOMAIN, "");
            String invite = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            caller.send(caller.retry(invite, DigestClient.proxyAuthorization(challenge(required, "SHA-256"), "INVITE",
                    "alice", "alice-pw", target, "00000001", "c2")));
            SipMessage forwarded = callee.awaitRequest("INVITE");
            callee.reply(forwarded, 486, "Busy Here");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(486);
        }
    }

    @Test
    void aWrongPasswordIsForbiddenAsForRegister() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("INVITE", target, "alice@" + DOMAIN, "");
            String invite = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            caller.send(caller.retry(invite, DigestClient.proxyAuthorization(challenge(required, "MD5"), "INVITE",
                    "alice", "not-alices-pw", target, "00000001", "c3")));
            SipMessage forbidden = caller.awaitResponse(callId, s -> s >= 200 && s != 407);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.firstLine()).endsWith("Forbidden - wrong credentials");
            assertThat(forbidden.lines("proxy-authenticate")).isEmpty();
            assertThat(callee.poll(m -> m.isRequest() && m.method().equals("INVITE"), Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void credentialsOfAnotherUserThanTheFromAreForbidden() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("INVITE", target, "carol@" + DOMAIN, "");
            String invite = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(required.status()).isEqualTo(407);
            caller.send(caller.retry(invite, DigestClient.proxyAuthorization(challenge(required, "MD5"), "INVITE",
                    "alice", "alice-pw", target, "00000001", "c4")));
            SipMessage forbidden = caller.awaitResponse(callId, s -> s >= 200 && s != 407);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.firstLine()).endsWith("Forbidden - authentication user does not match From");
            assertThat(callee.poll(m -> m.isRequest() && m.method().equals("INVITE"), Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void credentialsForAnotherRealmTravelOnOursDoNot() throws Exception {
        String theirs = "Proxy-Authorization: Digest username=\"alice\", realm=\"carrier.example\", nonce=\"n\", "
                + "uri=\"sip:x@carrier.example\", response=\"0123456789abcdef0123456789abcdef\"";
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("MESSAGE", target, "alice@" + DOMAIN, "hello", theirs);
            String message = caller.lastSent();
            SipMessage required = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(required.status()).isEqualTo(407);
            caller.send(caller.retry(message, DigestClient.proxyAuthorization(challenge(required, "MD5"), "MESSAGE",
                    "alice", "alice-pw", target, "00000001", "c5")));
            SipMessage forwarded = callee.awaitRequest("MESSAGE");
            assertThat(forwarded.body()).isEqualTo("hello");
            assertThat(forwarded.lines("proxy-authorization")).hasSize(1)
                    .allSatisfy(v -> assertThat(v).contains("realm=\"carrier.example\""));
            callee.reply(forwarded, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200 && s != 407).status()).isEqualTo(200);
        }
    }

    @Test
    void callersFromOtherDomainsReachOurUsersUnchallenged() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("INVITE", target, "mallory@other.example", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.header("from")).contains("mallory@other.example");
            callee.reply(invite, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);

            String messageId = caller.call("MESSAGE", target, "mallory@other.example", "hi");
            SipMessage message = callee.awaitRequest("MESSAGE");
            assertThat(message.body()).isEqualTo("hi");
            callee.reply(message, 200, "OK");
            assertThat(caller.awaitResponse(messageId, s -> s >= 200).status()).isEqualTo(200);
        }
    }

    @Test
    void aMessageFromOurUserIsChallengedToo() throws Exception {
        try (Phone callee = phone(); Phone caller = phone()) {
            String target = "sip:" + registeredCallee(callee) + "@" + DOMAIN;
            String callId = caller.call("MESSAGE", target, "alice@" + DOMAIN, "unauthenticated");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(407);
            assertThat(callee.poll(m -> m.isRequest(), Duration.ofMillis(300))).isEmpty();
        }
    }
}
