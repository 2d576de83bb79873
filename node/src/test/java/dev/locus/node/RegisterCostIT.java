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

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an unauthenticated peer can make a REGISTER cost: contacts beyond registrar.max_contacts_per_request are
 * refused before anything else, and the contacts of a request are read only once it is authenticated.
 */
class RegisterCostIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.202";
    private static final String DOMAIN = "example.com";
    private static final int CAP = 5;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 15803);
        TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.secret", "register-cost-it-secret");
        settings.put("auth.cache_seconds", "0");
        settings.put("registrar.max_contacts_per_request", Integer.toString(CAP));
        node = TestNodes.start(settings, CLOCK);
        rpc = new RpcClient(node.rpcAddress());
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'alice-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('bob', 'example.com', 'bob-pw', '', '');
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('carol', 'example.com', 'carol-pw', '', '');
                """);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static SipClient ua() throws Exception {
        return new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060));
    }

    /** Sends {@code register}, answers its challenge (MD5) with the user's password, and returns the answer. */
    private static SipResponse authenticated(SipClient ua, String user, Register register) throws Exception {
        SipResponse unauthorized = ua.request(register.to(ua));
        assertThat(unauthorized.status()).isEqualTo(401);
        String challenge = unauthorized.lines("www-authenticate").stream()
                .filter(c -> DigestClient.params(c).get("algorithm").equals("MD5")).findFirst().orElseThrow();
        String auth = DigestClient.authorization(challenge, user, user + "-pw", "sip:" + DOMAIN, "00000001", "c1");
        return ua.request(register.next().header(auth).to(ua));
    }

    private static Register withContacts(String user, int count) {
        Register register = Register.of(user, DOMAIN).expires(600);
        for (int i = 1; i <= count; i++) {
            register.contact("<sip:" + user + "@192.0.2." + i + ">");
        }
        return register;
    }

    /** The counter that ends the ruid of the user's binding whose contact is {@code contact}. */
    private static long ruidCounter(String user, String contact) throws Exception {
        for (var c : rpc.result("ul.lookup", "location", user).get("Contacts")) {
            if (c.get("Contact").get("Address").asText().equals(contact)) {
                String ruid = c.get("Contact").get("Ruid").asText();
                return Long.parseLong(ruid.substring(ruid.lastIndexOf('-') + 1));
            }
        }
        throw new AssertionError("no binding " + contact + " of " + user);
    }

    @Test
    void aRegisterWithMoreContactsThanTheCapIsRefusedWith403BeforeAuthenticationAndChangesNothing() throws Exception {
        try (SipClient ua = ua()) {
            assertThat(authenticated(ua, "alice", Register.of("alice", DOMAIN).contact("<sip:alice@192.0.2.1>")
                    .expires(600)).status()).isEqualTo(200);

            Register tooMany = withContacts("alice", CAP + 1);
            tooMany.contact("<sip:alice@192.0.2.1>;expires=0");
            SipResponse refused = ua.request(tooMany.to(ua));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.reason()).isEqualTo("Forbidden - too many contacts in one request");
            assertThat(rpc.lookupContacts("alice")).containsExactly("sip:alice@192.0.2.1");
        }
    }

    @Test
    void contactsListedInOneHeaderCountOneByOneAgainstTheCap() throws Exception {
        try (SipClient ua = ua()) {
            String list = IntStream.rangeClosed(1, CAP + 1).mapToObj(i -> "<sip:dave@192.0.2." + i + ">")
                    .collect(Collectors.joining(", "));
            SipResponse refused = ua.request(Register.of("dave", DOMAIN).contact(list).expires(600).to(ua));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(rpc.lookupContacts("dave")).isEmpty();
        }
    }

    @Test
    void aRegisterWithExactlyTheCapOfContactsIsAuthenticatedAndApplied() throws Exception {
        try (SipClient ua = ua()) {
            SipResponse ok = authenticated(ua, "carol", withContacts("carol", CAP).callId("carol-at-cap"));

            assertThat(ok.status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("carol")).hasSize(CAP);
        }
    }

    @Test
    void anUnauthenticatedRegisterIsChallengedWithoutItsContactsBeingMadeIntoBindings() throws Exception {
        try (SipClient ua = ua()) {
            // Every contact the registrar validates is given a ruid from one counter: the counter shows the work.
            assertThat(authenticated(ua, "bob", Register.of("bob", DOMAIN).contact("<sip:bob@192.0.2.100>")
                    .expires(600)).status()).isEqualTo(200);
            long before = ruidCounter("bob", "sip:bob@192.0.2.100");

            assertThat(ua.request(withContacts("bob", CAP).to(ua)).status()).isEqualTo(401);
            Register next = Register.of("bob", DOMAIN).contact("<sip:bob@192.0.2.101>").expires(600);
            assertThat(authenticated(ua, "bob", next).status()).isEqualTo(200);

            assertThat(ruidCounter("bob", "sip:bob@192.0.2.101") - before)
                    .as("ruids drawn after the first binding: only the authenticated request's contact").isEqualTo(1);
        }
    }
}
