package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REGISTER answers where Kamailio 5.6 was probed live (its answers are quoted in the README), and parsing edges:
 * one node with the default settings on 127.0.0.121, a second with no contact limit on 127.0.0.122.
 */
class RegisterEdgesIT {

    private static final String HOST = "127.0.0.121";
    private static final String UNLIMITED_HOST = "127.0.0.122";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private static final AtomicInteger USERS = new AtomicInteger();
    private static LocusNode node;
    private static LocusNode unlimited;
    private static RpcClient rpc;
    private static RpcClient unlimitedRpc;

    @BeforeAll
    static void startNodes() {
        node = TestNodes.start(TestNodes.settings(HOST, 15725), CLOCK);
        rpc = new RpcClient(node.rpcAddress());
        Map<String, String> settings = TestNodes.settings(UNLIMITED_HOST, 15726);
        settings.put("registrar.max_contacts", "0");
        // Filled 25 contacts a request, past the default per-request cap.
        settings.put("registrar.max_contacts_per_request", "25");
        unlimited = TestNodes.start(settings, CLOCK);
        unlimitedRpc = new RpcClient(unlimited.rpcAddress());
    }

    @AfterAll
    static void stopNodes() {
        node.close();
        unlimited.close();
    }

    private static String user() {
        return "edge" + USERS.incrementAndGet();
    }

    private static SipClient udp() throws Exception {
        return new SipClient(Transport.UDP, "127.0.0.1", SIP);
    }

    @Test
    void anEscapedUserIsKeyedUnescapedAsKamailioKeysIt() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse ok = ua.request(Register.of(user + "%20x", "example.com")
                    .contact("<sip:" + user + "@192.0.2.1>").to(ua));
            assertThat(ok.status()).isEqualTo(200);
        }
        assertThat(rpc.lookupContacts(user + " x")).containsExactly("sip:" + user + "@192.0.2.1");
    }

    @Test
    void anEscapedNulInTheUserIsBadRequest() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua)
                    .replace("To: <sip:" + user + "@", "To: <sip:" + user + "%00@"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).startsWith("Bad To");
            assertThat(bad.first("p-registrar-error")).contains("Error while unescaping username");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<sip:%s@192.0.2.1", "", "<sip:%s@192.0.2.1:-1>", "<sip:%s@[::1>"})
    void anUnreadableContactIsBadRequestNamingTheHeader(String contact) throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact(contact.formatted(user)).to(ua));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).startsWith("Bad Contact");
            assertThat(bad.first("p-registrar-error")).contains("Contact parse error");
        }
        assertThat(rpc.lookupContacts(user)).isEmpty();
    }

    @Test
    void aLowerCseqOnTheSameCallIdIsAnInvalidCseqAndChangesNothing() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            String c = "sip:" + user + "@192.0.2.1";
            ua.request(Register.of(user, "example.com").callId("c-" + user).cseq(10).contact("<" + c + ">").expires(600).to(ua));
            SipResponse stale = ua.request(Register.of(user, "example.com").callId("c-" + user).cseq(9)
                    .contact("<" + c + ">").expires(0).to(ua));
            assertThat(stale.status()).isEqualTo(400);
            assertThat(stale.reason()).startsWith("Bad CSeq");
            assertThat(stale.first("p-registrar-error")).contains("Invalid CSeq number");
        }
        assertThat(rpc.lookupContacts(user)).hasSize(1);
    }

    @Test
    void anEqualCseqMoreThanTwentySecondsLaterIsAnInvalidCseq() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            Register register = Register.of(user, "example.com").callId("e-" + user).cseq(5)
                    .contact("<sip:" + user + "@192.0.2.1>").expires(600);
            assertThat(ua.request(register.to(ua)).status()).isEqualTo(200);
            CLOCK.advance(Duration.ofSeconds(21));
            assertThat(ua.request(register.to(ua)).status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-1", "1e10", "abc"})
    void aMalformedExpiresMeansTheDefaultInTheHeaderAndInTheParameterAlike(String value) throws Exception {
        String user = user();
        String a = "sip:" + user + "@192.0.2.1";
        String b = "sip:" + user + "@192.0.2.2";
        try (SipClient ua = udp()) {
            SipResponse header = ua.request(Register.of(user, "example.com").contact("<" + a + ">")
                    .header("Expires: " + value).to(ua));
            SipResponse param = ua.request(Register.of(user, "example.com").contact("<" + b + ">;expires=" + value)
                    .expires(600).to(ua));
            assertThat(header.status()).isEqualTo(200);
            assertThat(param.status()).isEqualTo(200);
            assertThat(param.contactExpires(a)).isEqualTo(3600);
            assertThat(param.contactExpires(b)).isEqualTo(3600);
        }
    }

    @Test
    void anEmptyExpiresHeaderIsBadRequestAsInKamailio() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>")
                    .header("Expires: ").to(ua));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.first("p-registrar-error")).contains("Expires parse error");
        }
    }

    @Test
    void twoToHeadersAreBadRequest() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>")
                    .header("To: <sip:other@example.com>").to(ua));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).isEqualTo("Bad Request (Bad To - header repeated)");
        }
        assertThat(rpc.lookupContacts(user)).isEmpty();
    }

    @Test
    void anotherSipVersionIsBadRequest() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            String request = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua)
                    .replaceFirst("SIP/2.0\r\n", "SIP/3.0\r\n");
            SipResponse bad = ua.request(request);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).contains("version");
        }
        assertThat(rpc.lookupContacts(user)).isEmpty();
    }

    @Test
    void anOverflowingCseqGetsABadRequestInTheMessagesOwnTerms() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse bad = ua.request(Register.of(user, "example.com").cseq(99999999999L)
                    .contact("<sip:" + user + "@192.0.2.1>").to(ua));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).isEqualTo("Bad Request (Bad CSeq)");
        }
    }

    @Test
    void theDefaultContactLimitRefusesTheEleventhContact() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            Register ten = Register.of(user, "example.com").expires(600);
            for (int i = 1; i <= 10; i++) {
                ten.contact("<sip:" + user + "@192.0.2." + i + ">");
            }
            assertThat(ua.request(ten.to(ua)).status()).isEqualTo(200);
            SipResponse full = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.11>").to(ua));
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.first("p-registrar-error")).contains("Too many registered contacts");
        }
        assertThat(rpc.lookupContacts(user)).hasSize(10);
    }

    @Test
    void aUdpRegisterIsAnsweredEvenWhenItsAorHoldsTooManyContactsToList() throws Exception {
        String user = user();
        InetSocketAddress sip = new InetSocketAddress(UNLIMITED_HOST, 5060);
        try (SipClient tcp = new SipClient(Transport.TCP, "127.0.0.1", sip)) {
            // Long contacts, so that few of them (300, each request within sip.max_message_size) overflow a datagram.
            String pad = "x".repeat(200);
            for (int batch = 0; batch < 12; batch++) {
                Register many = Register.of(user, "example.com").callId("bulk-" + batch + "-" + user).expires(3600);
                for (int i = 0; i < 25; i++) {
                    many.contact("<sip:" + user + "-" + batch + "-" + i + pad + "@192.0.2.1>");
                }
                assertThat(tcp.request(many.to(tcp)).status()).isEqualTo(200);
            }
        }
        int before = unlimitedRpc.lookupContacts(user).size();
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", sip)) {
            SipResponse answer = ua.request(Register.of(user, "example.com")
                    .contact("<sip:" + user + "-udp@192.0.2.1>").to(ua));
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.reason()).contains("UDP");
        }
        assertThat(unlimitedRpc.lookupContacts(user)).hasSize(before).doesNotContain("sip:" + user + "-udp@192.0.2.1");
    }

    @Test
    void contactsAreListedByQAsKamailioSortsThem() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse ok = ua.request(Register.of(user, "example.com")
                    .contact("<sip:q@192.0.2.1>;q=0.1").contact("<sip:q@192.0.2.2>").contact("<sip:q@192.0.2.3>;q=0.9")
                    .contact("<sip:q@192.0.2.4>;q=1").to(ua));
            List<String> order = List.of("sip:q@192.0.2.4", "sip:q@192.0.2.3", "sip:q@192.0.2.1", "sip:q@192.0.2.2");
            assertThat(ok.contactUris()).containsExactlyElementsOf(order);
            List<String> stored = new ArrayList<>();
            rpc.result("ul.lookup", "location", user).get("Contacts")
                    .forEach(c -> stored.add(c.at("/Contact/Address").asText()));
            assertThat(stored).containsExactlyElementsOf(order);
        }
    }

    @Test
    void aMissingUserAgentIsStoredAsNotAvailable() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua)
                    .replace("User-Agent: locus-it\r\n", ""));
        }
        assertThat(rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/User-Agent").asText())
                .isEqualTo("n/a");
    }

    @Test
    void aRegIdWithoutInstanceIsIgnored() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            SipResponse ok = ua.request(Register.of(user, "example.com")
                    .contact("<sip:" + user + "@192.0.2.1>;reg-id=abc").to(ua));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contactParam("sip:" + user + "@192.0.2.1", "reg-id")).isEmpty();
        }
        assertThat(rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Reg-Id").asInt()).isZero();
    }

    @Test
    void theOkListsTheStoredReceivedAddressAsKamailioDoes() throws Exception {
        String user = user();
        try (SipClient ua = udp()) {
            // A private Contact address: the REGISTER looks NATed, so its source is stored as received.
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@10.0.0.1>").to(ua));
            JsonNode stored = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Received");
            assertThat(stored.asText()).startsWith("sip:127.0.0.1:");
            assertThat(ok.contactParam("sip:" + user + "@10.0.0.1", "received"))
                    .contains("\"" + stored.asText() + "\"");
        }
    }
}
