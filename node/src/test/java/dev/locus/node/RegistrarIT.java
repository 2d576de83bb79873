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
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One node on 127.0.0.21, driven with real SIP over UDP and TCP and inspected over real JSON-RPC. */
class RegistrarIT {

    private static final String HOST = "127.0.0.21";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private static final AtomicInteger USERS = new AtomicInteger();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNodes.settings(HOST, 15721);
        settings.put("registrar.max_contacts", "3");
        settings.put("registrar.max_expires", "7200");
        node = TestNodes.start(settings, CLOCK);
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static String user() {
        return "user" + USERS.incrementAndGet();
    }

    private static SipClient client(Transport transport) throws Exception {
        return new SipClient(transport, "127.0.0.1", SIP);
    }

    private static String contact(SipClient ua, String user) {
        return "sip:" + user + "@" + ua.localHost() + ":" + ua.localPort() + (ua.transport() == Transport.TCP ? ";transport=tcp" : "");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNewBindingIsAnsweredAndVisibleOverRpc(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = contact(ua, user);
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<" + c + ">").expires(300).to(ua));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contactUris()).containsExactly(c);
            assertThat(ok.contactExpires(c)).isEqualTo(300);
            assertThat(ok.first("date")).isPresent();
            assertThat(ok.first("to").orElseThrow()).contains(";tag=");

            JsonNode lookup = rpc.result("ul.lookup", "location", user);
            JsonNode stored = lookup.get("Contacts").get(0).get("Contact");
            assertThat(lookup.get("AoR").asText()).isEqualTo(user);
            assertThat(stored.get("Address").asText()).isEqualTo(c);
            assertThat(stored.get("Expires").asLong()).isEqualTo(300);
            assertThat(stored.get("User-Agent").asText()).isEqualTo("locus-it");
            assertThat(stored.get("Received").asText()).as("not NATed: Via and Contact say where the UA is")
                    .isEqualTo("[not set]");
            assertThat(stored.get("Socket").asText()).isEqualTo(transport.name().toLowerCase() + ":" + HOST + ":5060");
            assertThat(stored.get("Ruid").asText()).startsWith("uloc-");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRegisterFromBehindNatHasItsSourceStoredAsReceived(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = "sip:" + user + "@192.168.1.20:5060";
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<" + c + ">").to(ua));
            assertThat(ok.status()).isEqualTo(200);
            String source = "sip:127.0.0.1:" + ua.localPort() + (transport == Transport.TCP ? ";transport=tcp" : "");
            assertThat(rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Received").asText())
                    .isEqualTo(source);
            assertThat(ok.all("contact")).anySatisfy(v -> assertThat(v).contains(";received=\"" + source + "\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRefreshUpdatesTheExpiryAndKeepsTheRuid(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = contact(ua, user);
            Register register = Register.of(user, "example.com").contact("<" + c + ">").expires(300);
            ua.request(register.to(ua));
            String ruid = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Ruid").asText();
            SipResponse ok = ua.request(register.next().expires(900).to(ua));
            assertThat(ok.contactExpires(c)).isEqualTo(900);
            JsonNode stored = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact");
            assertThat(stored.get("Expires").asLong()).isEqualTo(900);
            assertThat(stored.get("CSeq").asLong()).isEqualTo(2);
            assertThat(stored.get("Ruid").asText()).isEqualTo(ruid);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void severalContactsAreAllListedWithTheirQ(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            SipResponse ok = ua.request(Register.of(user, "example.com")
                    .contact("<sip:" + user + "@192.0.2.1:5060>;q=0.5, <sip:" + user + "@192.0.2.2:5060>;q=1")
                    .contact("<sip:" + user + "@192.0.2.3:5060>").expires(600).to(ua));
            assertThat(ok.contactUris()).containsExactlyInAnyOrder("sip:" + user + "@192.0.2.1:5060",
                    "sip:" + user + "@192.0.2.2:5060", "sip:" + user + "@192.0.2.3:5060");
            assertThat(ok.contactParam("sip:" + user + "@192.0.2.1:5060", "q")).contains("0.5");
            assertThat(ok.contactParam("sip:" + user + "@192.0.2.3:5060", "q")).isEmpty();
            JsonNode contacts = rpc.result("ul.lookup", "location", user).get("Contacts");
            List<Double> qs = new ArrayList<>();
            contacts.forEach(c -> qs.add(c.get("Contact").get("Q").asDouble()));
            assertThat(qs).containsExactlyInAnyOrder(0.5, 1.0, -1.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theContactExpiresParameterBeatsTheExpiresHeader(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String a = "sip:" + user + "@192.0.2.1";
            String b = "sip:" + user + "@192.0.2.2";
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<" + a + ">;expires=120")
                    .contact("<" + b + ">").expires(3000).to(ua));
            assertThat(ok.contactExpires(a)).isEqualTo(120);
            assertThat(ok.contactExpires(b)).isEqualTo(3000);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anExpiryAboveTheMaximumIsLowered(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = "sip:" + user + "@192.0.2.1";
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<" + c + ">").expires(86400).to(ua));
            assertThat(ok.contactExpires(c)).isEqualTo(7200);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anExpiryBelowTheMinimumIsIntervalTooBrief(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            SipResponse brief = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(30).to(ua));
            assertThat(brief.status()).isEqualTo(423);
            assertThat(brief.first("min-expires")).contains("60");
            assertThat(rpc.lookupContacts(user)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWildcardWithExpiresZeroRemovesEveryBinding(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            Register register = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>")
                    .contact("<sip:" + user + "@192.0.2.2>").expires(600);
            ua.request(register.to(ua));
            assertThat(rpc.lookupContacts(user)).hasSize(2);
            SipResponse ok = ua.request(Register.of(user, "example.com").callId("wild-" + user).contact("*").expires(0).to(ua));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.all("contact")).isEmpty();
            assertThat(rpc.lookupContacts(user)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWildcardWithNonZeroExpiresIsBadRequest(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact("*").expires(60).to(ua));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).contains("Contact");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anOlderCseqIsAnInvalidCseqAndNotApplied(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = "sip:" + user + "@192.0.2.1";
            ua.request(Register.of(user, "example.com").callId("c-" + user).cseq(10).contact("<" + c + ">").expires(600).to(ua));
            SipResponse stale = ua.request(Register.of(user, "example.com").callId("c-" + user).cseq(9)
                    .contact("<" + c + ">").expires(0).to(ua));
            assertThat(stale.status()).isEqualTo(400);
            assertThat(stale.first("p-registrar-error")).contains("Invalid CSeq number");
            assertThat(rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/CSeq").asLong()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRetransmissionGetsTheSameAnswerAgain(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String request = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(600).to(ua);
            SipResponse first = ua.request(request);
            SipResponse again = ua.request(request);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.contactUris()).isEqualTo(first.contactUris());
            assertThat(again.first("to")).isEqualTo(first.first("to"));
            assertThat(rpc.lookupContacts(user)).hasSize(1);
        }
    }

    /**
     * A retransmission sent the moment the answer arrives can reach the stack before our listener has returned; it
     * used to be dropped there, once in about 40 tries. Many tries make that visible.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void anImmediateRetransmissionIsAnsweredEveryTime(Transport transport) throws Exception {
        int unanswered = 0;
        for (int i = 0; i < 200; i++) {
            String user = user();
            try (SipClient ua = client(transport)) {
                String request = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(600).to(ua);
                ua.request(request);
                ua.send(request);
                if (ua.receive().isEmpty()) {
                    unanswered++;
                }
            }
        }
        assertThat(unanswered).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNewCallIdReplacesTheBindingWhateverItsCseq(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            String c = "sip:" + user + "@192.0.2.1";
            ua.request(Register.of(user, "example.com").callId("old-" + user).cseq(50).contact("<" + c + ">").expires(600).to(ua));
            ua.request(Register.of(user, "example.com").callId("new-" + user).cseq(1).contact("<" + c + ">").expires(900).to(ua));
            JsonNode stored = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact");
            assertThat(stored.get("Call-ID").asText()).isEqualTo("new-" + user);
            assertThat(stored.get("Expires").asLong()).isEqualTo(900);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pathIsStoredAndEchoedWhenTheUaSupportsIt(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>")
                    .header("Path: <sip:edge1.example.com;lr>").header("Path: <sip:edge2.example.com;lr>")
                    .header("Supported: path").expires(600).to(ua));
            assertThat(ok.all("path")).containsExactly("<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>");
            assertThat(rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Path").asText())
                    .isEqualTo("<sip:edge1.example.com;lr>,<sip:edge2.example.com;lr>");

            String other = user();
            SipResponse silent = ua.request(Register.of(other, "example.com").contact("<sip:" + other + "@192.0.2.1>")
                    .header("Path: <sip:edge1.example.com;lr>").expires(600).to(ua));
            assertThat(silent.all("path")).isEmpty();
            assertThat(rpc.result("ul.lookup", "location", other).at("/Contacts/0/Contact/Path").asText())
                    .isEqualTo("<sip:edge1.example.com;lr>");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void requireOfAnUnknownExtensionIsBadExtension(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            SipResponse bad = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>")
                    .header("Require: path, gruu").to(ua));
            assertThat(bad.status()).isEqualTo(420);
            assertThat(bad.all("unsupported")).containsExactly("gruu");
            assertThat(rpc.lookupContacts(user)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void moreContactsThanAllowedIsRefusedAndNothingIsStored(Transport transport) throws Exception {
        String user = user();
        try (SipClient ua = client(transport)) {
            ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(600).to(ua));
            SipResponse full = ua.request(Register.of(user, "example.com").callId("more-" + user)
                    .contact("<sip:" + user + "@192.0.2.2>").contact("<sip:" + user + "@192.0.2.3>")
                    .contact("<sip:" + user + "@192.0.2.4>").expires(600).to(ua));
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.reason()).isEqualTo("Too many registered contacts");
            assertThat(rpc.lookupContacts(user)).containsExactly("sip:" + user + "@192.0.2.1");
        }
    }

    @Test
    void aBrokenMandatoryHeaderGetsA400OnOneLineAndTheNodeKeepsServing() throws Exception {
        String user = user();
        try (SipClient ua = client(Transport.UDP)) {
            String broken = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua)
                    .replace("CSeq: 1 REGISTER", "CSeq: one REGISTER");
            SipResponse bad = ua.request(broken);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.reason()).doesNotContain("\r").doesNotContain("\n");
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua));
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    /** Over TCP the RI cannot trust the stream after a broken header: it closes that connection, and only that. */
    @Test
    void aBrokenMessageOverTcpClosesOnlyItsConnection() throws Exception {
        String user = user();
        try (SipClient bystander = client(Transport.TCP); SipClient ua = client(Transport.TCP)) {
            String broken = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua)
                    .replace("CSeq: 1 REGISTER", "CSeq: one REGISTER");
            ua.send(broken);
            assertThatThrownBy(ua::receive).isInstanceOf(java.io.IOException.class);
            SipResponse ok = bystander.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(bystander));
            assertThat(ok.status()).isEqualTo(200);
        }
        try (SipClient again = client(Transport.TCP)) {
            assertThat(again.request(Register.of(user, "example.com").callId("again-" + user)
                    .contact("<sip:" + user + "@192.0.2.1>").to(again)).status()).isEqualTo(200);
        }
    }

    @Test
    void garbageIsDroppedAndTheNodeKeepsServing() throws Exception {
        String user = user();
        try (SipClient ua = client(Transport.UDP)) {
            ua.send("\u0000\u0001 this is not SIP at all\r\n\r\n");
            ua.send("REGISTER sip:example.com SIP/2.0\r\nVia: nonsense\r\n\r\n");
            assertThat(ua.receive()).isEmpty();
            SipResponse ok = ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua));
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void expiredBindingsAreNeverReturned() throws Exception {
        MutableClock clock = CLOCK;
        String user = user();
        try (SipClient ua = client(Transport.UDP)) {
            ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>;expires=3600")
                    .contact("<sip:" + user + "@192.0.2.2>;expires=7200").to(ua));
            clock.advance(Duration.ofSeconds(3600));
            assertThat(rpc.lookupContacts(user)).containsExactly("sip:" + user + "@192.0.2.2");
            JsonNode remaining = rpc.result("ul.lookup", "location", user).at("/Contacts/0/Contact/Expires");
            assertThat(remaining.asLong()).isEqualTo(3600);
        }
    }

    @Test
    void optionsToTheNodeIsAnsweredAndAnInviteForAnUnregisteredUserIsNotFound() throws Exception {
        try (SipClient ua = client(Transport.UDP)) {
            String options = "OPTIONS sip:" + HOST + " SIP/2.0\r\nVia: " + ua.via("opt") + "\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:probe@example.com>;tag=1\r\nTo: <sip:" + HOST + ">\r\nCall-ID: opt-1\r\n"
                    + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            SipResponse ok = ua.request(options);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.all("allow")).contains("REGISTER", "OPTIONS");
            assertThat(ok.all("supported")).contains("path");
            assertThat(ok.first("accept")).isPresent();
            String invite = options.replace("OPTIONS sip:" + HOST, "INVITE sip:bob@example.com")
                    .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
            assertThat(ua.request(invite).status()).isEqualTo(404);
        }
    }

    @Test
    void countersFollowAcceptedAndRejectedRegisters() throws Exception {
        String user = user();
        long accepted = statistic("accepted_regs");
        long rejected = statistic("rejected_regs");
        try (SipClient ua = client(Transport.UDP)) {
            ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").to(ua));
            ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(1).to(ua));
        }
        assertThat(statistic("accepted_regs")).isEqualTo(accepted + 1);
        assertThat(statistic("rejected_regs")).isEqualTo(rejected + 1);
        assertThat(statistic("registered_users")).isPositive();
    }

    private static long statistic(String name) throws Exception {
        String line = rpc.result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
    }
}
