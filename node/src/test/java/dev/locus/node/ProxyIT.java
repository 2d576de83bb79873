package dev.locus.node;

import dev.locus.node.support.Phone;
import dev.locus.node.support.Phone.Transport;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The location service on one node (127.0.0.26), with scripted phones on 127.0.0.27 speaking real SIP: calls,
 * paging, forking, CANCEL, timeouts, the refusals, double Record-Route, Path, NAT; and one node with an outbound
 * proxy (127.0.0.19).
 */
class ProxyIT {

    private static final String HOST = "127.0.0.26";
    private static final String PHONES = "127.0.0.27";
    /** A second node, started by the one test that needs proxy.outbound set. */
    private static final String OUTBOUND_NODE = "127.0.0.19";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);
    private static final AtomicInteger USERS = new AtomicInteger();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNodes.settings(HOST, 15741);
        settings.put("proxy.fr_timer", "2");
        settings.put("proxy.fr_inv_timer", "3");
        settings.put("registrar.domains", "example.com");
        node = TestNodes.start(settings, InstantSource.system());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static String user() {
        return "callee" + USERS.incrementAndGet();
    }

    /** Two contacts of equal q (first, second) and one lower (third): two groups to fork to. */
    private static void registerForked(String user, Phone first, Phone second, Phone third) throws Exception {
        first.register(user, "example.com", ";q=1.0");
        second.register(user, "example.com", ";q=1.0");
        third.register(user, "example.com", ";q=0.5");
    }

    private static Phone phone(Transport transport) throws Exception {
        return new Phone(transport, PHONES, SIP);
    }

    @Test
    void aCallReachesTheRegisteredPhoneAndTheDialogFollowsTheRecordRoute() throws Exception {
        String bob = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            assertThat(caller.awaitResponse(callId, s -> s == 100).status()).isEqualTo(100);

            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.requestUri()).isEqualTo(callee.contact(bob));
            assertThat(invite.all("record-route")).containsExactly("<sip:" + HOST + ":5060;lr>");
            assertThat(invite.all("via")).hasSize(2);
            assertThat(invite.header("max-forwards")).isEqualTo("69");
            callee.reply(invite, 180, "Ringing");
            // Each answer is awaited before the next is sent: the node's UDP workers may take two datagrams out of
            // order, and a 180 handled after the 200 is rightly dropped.
            assertThat(caller.awaitResponse(callId, s -> s == 180).all("via")).hasSize(1);
            callee.reply(invite, 200, "OK");
            SipMessage ok = caller.awaitResponse(callId, s -> s == 200);
            assertThat(ok.all("record-route")).containsExactly("<sip:" + HOST + ":5060;lr>");
            // The callee retransmits its 200 (no ACK yet): its transaction here has ended, it is passed on all the same.
            callee.reply(invite, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s == 200).all("via")).hasSize(1);

            caller.inDialog("ACK", ok, 1);
            SipMessage ack = callee.awaitRequest("ACK");
            assertThat(ack.all("route")).isEmpty();
            assertThat(ack.requestUri()).startsWith(callee.contact("ua"));

            caller.inDialog("BYE", ok, 2);
            SipMessage bye = callee.awaitRequest("BYE");
            assertThat(bye.all("route")).isEmpty();
            callee.reply(bye, 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }

    @Test
    void aNatedCalleeIsReachedAtItsReceivedAddressAndSoIsItsDialog() throws Exception {
        String bob = user();
        String behindNat = "sip:" + bob + "@192.168.1.50:5060";
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            callee.registerAs(bob, "example.com", behindNat, "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.requestUri()).as("sent to where the REGISTER came from").isEqualTo(behindNat);
            callee.reply(invite, 200, "OK", "Contact: <" + behindNat + ">");
            SipMessage ok = caller.awaitResponse(callId, s -> s == 200);
            // Kamailio's add_contact_alias: the Contact says which flow reaches it.
            assertThat(ok.header("contact")).isEqualTo("<" + behindNat + ";alias=" + callee.host() + "~"
                    + callee.port() + "~1>");
            caller.inDialog("ACK", ok, 1);
            assertThat(callee.awaitRequest("ACK").requestUri()).isEqualTo(behindNat);
            caller.inDialog("BYE", ok, 2);
            SipMessage bye = callee.awaitRequest("BYE");
            assertThat(bye.requestUri()).isEqualTo(behindNat);
            callee.reply(bye, 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }

    @Test
    void aMessageIsPagedToThePhoneAndItsAnswerComesBack() throws Exception {
        String bob = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "hello");
            SipMessage message = callee.awaitRequest("MESSAGE");
            assertThat(message.body()).isEqualTo("hello");
            assertThat(message.all("record-route")).as("MESSAGE makes no dialog").isEmpty();
            callee.reply(message, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);
        }
    }

    @Test
    void refusalsFollowKamailiosLookupCodes() throws Exception {
        String bob = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            String unknown = caller.call("INVITE", "sip:nobody-here@example.com", "alice@example.com", "");
            assertThat(caller.awaitResponse(unknown, s -> s >= 200).status()).isEqualTo(404);

            callee.register(bob, "example.com", "");
            String tooFar = caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "x",
                    "Max-Forwards: 0");
            assertThat(caller.awaitResponse(tooFar, s -> s >= 200).status()).isEqualTo(483);
        }
        String carol = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            callee.register(carol, "example.com", "\r\nAllow: INVITE, ACK, BYE, CANCEL");
            String message = caller.call("MESSAGE", "sip:" + carol + "@example.com", "alice@example.com", "x");
            assertThat(caller.awaitResponse(message, s -> s >= 200).status()).isEqualTo(405);
        }
    }

    @Test
    void withAnOutboundProxyRequestsForOtherDomainsGoThroughIt() throws Exception {
        try (Phone outbound = phone(Transport.UDP); Phone caller = new Phone(Transport.UDP, PHONES,
                new InetSocketAddress(OUTBOUND_NODE, 5060))) {
            Map<String, String> settings = TestNodes.settings(OUTBOUND_NODE, 16820);
            settings.put("registrar.domains", "example.com");
            settings.put("proxy.outbound", "sip:" + outbound.host() + ":" + outbound.port());
            try (LocusNode withOutbound = TestNodes.start(settings, InstantSource.system())) {
                String callId = caller.call("MESSAGE", "sip:carol@elsewhere.example", "alice@example.com", "out");
                SipMessage message = outbound.awaitRequest("MESSAGE");
                assertThat(message.requestUri()).isEqualTo("sip:carol@elsewhere.example");
                assertThat(message.all("route")).containsExactly("<sip:" + outbound.host() + ":" + outbound.port() + ";lr>");
                outbound.reply(message, 202, "Accepted");
                assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(202);
            }
        }
    }

    @Test
    void inDialogRequestsFollowARouteThatIsNotOursAndWithoutRouteAre404() throws Exception {
        try (Phone next = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            String route = "<sip:" + next.host() + ":" + next.port() + ";lr>";
            caller.send("BYE sip:someone@192.0.2.99 SIP/2.0\r\nVia: " + caller.via("dlg1") + "\r\nMax-Forwards: 70\r\n"
                    + "Route: " + route + "\r\nFrom: <sip:alice@example.com>;tag=a1\r\n"
                    + "To: <sip:someone@example.com>;tag=b1\r\nCall-ID: dlg-foreign-route\r\nCSeq: 2 BYE\r\n"
                    + "Content-Length: 0\r\n\r\n");
            SipMessage bye = next.awaitRequest("BYE");
            assertThat(bye.all("route")).containsExactly(route);
            assertThat(bye.requestUri()).isEqualTo("sip:someone@192.0.2.99");
            next.reply(bye, 200, "OK");
            assertThat(caller.awaitResponse("dlg-foreign-route", s -> s >= 200).status()).isEqualTo(200);

            caller.send("BYE sip:someone@" + next.host() + ":" + next.port() + " SIP/2.0\r\nVia: " + caller.via("dlg2")
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\n"
                    + "To: <sip:someone@example.com>;tag=b1\r\nCall-ID: dlg-no-route\r\nCSeq: 3 BYE\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(caller.awaitResponse("dlg-no-route", s -> s >= 200).status()).isEqualTo(404);
            assertThat(next.poll(m -> m.isRequest() && m.callId().equals("dlg-no-route"), Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aBindingThatPointsBackAtTheNodeIsALoop() throws Exception {
        String loopUser = user();
        try (Phone registrar = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            registrar.send("REGISTER sip:example.com SIP/2.0\r\nVia: " + registrar.via("loopreg") + "\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:" + loopUser + "@example.com>;tag=l1\r\nTo: <sip:" + loopUser + "@example.com>\r\n"
                    + "Call-ID: loop-reg\r\nCSeq: 1 REGISTER\r\nContact: <sip:" + loopUser + "@" + HOST + ":5060>\r\n"
                    + "Expires: 300\r\nContent-Length: 0\r\n\r\n");
            assertThat(registrar.awaitResponse("loop-reg", s -> s >= 200).status()).isEqualTo(200);
            String callId = caller.call("MESSAGE", "sip:" + loopUser + "@example.com", "alice@example.com", "x");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(482);
        }
    }

    @Test
    void forkingRingsEqualQInParallelAndTheFirst200WinsTheOthersAreCancelled() throws Exception {
        String bob = user();
        try (Phone first = phone(Transport.UDP); Phone second = phone(Transport.UDP); Phone third = phone(Transport.UDP);
             Phone caller = phone(Transport.UDP)) {
            registerForked(bob, first, second, third);
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage one = first.awaitRequest("INVITE");
            SipMessage two = second.awaitRequest("INVITE");
            first.reply(one, 180, "Ringing");
            second.reply(two, 180, "Ringing");
            caller.awaitResponse(callId, s -> s == 180);
            first.reply(one, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);

            SipMessage cancel = second.awaitRequest("CANCEL");
            second.reply(cancel, 200, "OK");
            second.reply(two, 487, "Request Terminated");
            assertThat(second.awaitRequest("ACK").requestUri()).isEqualTo(two.requestUri());
            assertThat(third.poll(m -> m.isRequest() && m.method().equals("INVITE"), Duration.ofMillis(500)))
                    .as("the lower q is not tried once a 200 came").isEmpty();
        }
    }

    @Test
    void whenTheFirstGroupIsBusyTheLowerQIsTried() throws Exception {
        String bob = user();
        try (Phone first = phone(Transport.UDP); Phone second = phone(Transport.UDP); Phone third = phone(Transport.UDP);
             Phone caller = phone(Transport.UDP)) {
            registerForked(bob, first, second, third);
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage one = first.awaitRequest("INVITE");
            SipMessage two = second.awaitRequest("INVITE");
            assertThat(third.poll(m -> m.isRequest(), Duration.ofMillis(300))).isEmpty();
            first.reply(one, 486, "Busy Here");
            second.reply(two, 486, "Busy Here");
            SipMessage three = third.awaitRequest("INVITE");
            third.reply(three, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);
            assertThat(caller.poll(m -> !m.isRequest() && m.status() == 486, Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void a603FromOneBranchEndsTheCall() throws Exception {
        String bob = user();
        try (Phone first = phone(Transport.UDP); Phone second = phone(Transport.UDP); Phone third = phone(Transport.UDP);
             Phone caller = phone(Transport.UDP)) {
            registerForked(bob, first, second, third);
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage one = first.awaitRequest("INVITE");
            SipMessage two = second.awaitRequest("INVITE");
            second.reply(two, 180, "Ringing");
            first.reply(one, 603, "Decline");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(603);
            second.reply(second.awaitRequest("CANCEL"), 200, "OK");
            assertThat(third.poll(m -> m.isRequest(), Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void theCallersCancelCancelsEveryBranch() throws Exception {
        String bob = user();
        try (Phone first = phone(Transport.UDP); Phone second = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            first.register(bob, "example.com", "");
            second.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage one = first.awaitRequest("INVITE");
            SipMessage two = second.awaitRequest("INVITE");
            first.reply(one, 180, "Ringing");
            second.reply(two, 180, "Ringing");
            caller.awaitResponse(callId, s -> s == 180);
            caller.cancel(caller.lastSent());
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("CANCEL")).status()).isEqualTo(200);
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(487);
            first.reply(first.awaitRequest("CANCEL"), 200, "OK");
            second.reply(second.awaitRequest("CANCEL"), 200, "OK");
        }
    }

    @Test
    void aBranchThatNeverAnswersTimesOutWithoutHoldingTheOthers() throws Exception {
        String bob = user();
        try (Phone silent = phone(Transport.UDP); Phone busy = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            silent.register(bob, "example.com", "");
            busy.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            silent.awaitRequest("INVITE");
            busy.reply(busy.awaitRequest("INVITE"), 486, "Busy Here");
            // fr_timer is 2 s here: the silent branch counts as 408 and the busy answer, a real one, wins.
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(486);
        }
        String carol = user();
        try (Phone silent = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            silent.register(carol, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + carol + "@example.com", "alice@example.com", "");
            SipMessage invite = silent.awaitRequest("INVITE");
            silent.reply(invite, 180, "Ringing");
            // Ringing past fr_inv_timer (3 s): cancelled, and the caller hears 408.
            assertThat(silent.awaitRequest("CANCEL")).isNotNull();
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(408);
        }
    }

    @Test
    void aCallThatEntersOnTcpAndLeavesOnUdpIsRecordRoutedTwiceAndLooseRoutedThroughBoth() throws Exception {
        String bob = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.TCP)) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            assertThat(invite.all("record-route")).containsExactly("<sip:" + HOST + ":5060;lr;r2=on>",
                    "<sip:" + HOST + ":5060;transport=tcp;lr;r2=on>");
            callee.reply(invite, 200, "OK");
            SipMessage ok = caller.awaitResponse(callId, s -> s == 200);
            caller.inDialog("ACK", ok, 1);
            assertThat(callee.awaitRequest("ACK").all("route")).isEmpty();
            caller.inDialog("BYE", ok, 2);
            SipMessage bye = callee.awaitRequest("BYE");
            assertThat(bye.all("route")).isEmpty();
            callee.reply(bye, 200, "OK");
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("BYE")).status()).isEqualTo(200);
        }
    }

    @Test
    void aBindingRegisteredWithPathIsReachedThroughItsEdgeProxy() throws Exception {
        String bob = user();
        try (Phone edge = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            String path = "<sip:" + edge.host() + ":" + edge.port() + ";lr>";
            edge.send("REGISTER sip:example.com SIP/2.0\r\nVia: " + edge.via("pathreg") + "\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:" + bob + "@example.com>;tag=p1\r\nTo: <sip:" + bob + "@example.com>\r\n"
                    + "Call-ID: path-reg-" + bob + "\r\nCSeq: 1 REGISTER\r\nPath: " + path + "\r\nSupported: path\r\n"
                    + "Contact: <sip:" + bob + "@192.0.2.10:5060>\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n");
            assertThat(edge.awaitResponse("path-reg-" + bob, s -> s >= 200).status()).isEqualTo(200);
            caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "via the edge");
            SipMessage message = edge.awaitRequest("MESSAGE");
            assertThat(message.requestUri()).isEqualTo("sip:" + bob + "@192.0.2.10:5060");
            assertThat(message.all("route")).containsExactly(path);
        }
    }

    @Test
    void requestsForADomainNotServedAreRefusedAndTheNodesOwnAddressIsServed() throws Exception {
        String bob = user();
        try (Phone callee = phone(Transport.UDP); Phone caller = phone(Transport.UDP)) {
            callee.register(bob, "example.com", "");
            String foreign = caller.call("MESSAGE", "sip:" + bob + "@elsewhere.example", "alice@example.com", "x");
            assertThat(caller.awaitResponse(foreign, s -> s >= 200).status()).isEqualTo(403);
            String own = caller.call("MESSAGE", "sip:" + bob + "@" + HOST, "alice@example.com", "x");
            callee.reply(callee.awaitRequest("MESSAGE"), 200, "OK");
            assertThat(caller.awaitResponse(own, s -> s >= 200).status()).isEqualTo(200);
        }
    }
}
