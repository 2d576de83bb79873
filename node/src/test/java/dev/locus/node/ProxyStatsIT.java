package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tmx: and sl: statistics and tm.stats over real JSON-RPC, moved by real SIP through one node (127.0.0.110) from
 * scripted phones on 127.0.0.111: what Kamailio 5.6 with its default script would count for the same traffic.
 */
class ProxyStatsIT {

    private static final String HOST = "127.0.0.110";
    private static final String PHONES = "127.0.0.111";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 5060);
    private static final Duration SETTLED = Duration.ofSeconds(10);
    private static final AtomicInteger USERS = new AtomicInteger();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNodes.settings(HOST, 16710);
        settings.put("registrar.domains", "example.com");
        node = TestNodes.start(settings, InstantSource.system());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static String user() {
        return "stats" + USERS.incrementAndGet();
    }

    private static Phone phone() throws Exception {
        return new Phone(Transport.UDP, PHONES, SIP);
    }

    /** Every statistic of a group ({@code "tmx:"}), by its full name. */
    private static Map<String, Long> group(String group) throws Exception {
        Map<String, Long> values = new HashMap<>();
        for (JsonNode line : rpc.result("stats.get_statistics", group)) {
            String[] parts = line.asText().split(" = ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        return values;
    }

    private static Map<String, Long> figures() throws Exception {
        Map<String, Long> all = new HashMap<>(group("tmx:"));
        all.putAll(group("sl:"));
        return all;
    }

    /** How far each statistic moved since {@code before}, once the node has settled (nothing in use any more). */
    private static Map<String, Long> movedSince(Map<String, Long> before) throws Exception {
        await().atMost(SETTLED).until(() -> group("tmx:").get("tmx:inuse_transactions") == 0);
        Map<String, Long> now = figures();
        Map<String, Long> moved = new HashMap<>();
        now.forEach((name, value) -> moved.put(name, value - before.getOrDefault(name, 0L)));
        return moved;
    }

    @Test
    void aRegisterIsAnsweredStatelesslyAndCountsInSlOnly() throws Exception {
        Map<String, Long> before = figures();
        try (Phone callee = phone()) {
            callee.register(user(), "example.com", "");
        }
        Map<String, Long> moved = movedSince(before);
        assertThat(moved).containsEntry("sl:200_replies", 1L).containsEntry("sl:sent_replies", 1L)
                .containsEntry("tmx:UAS_transactions", 0L).containsEntry("tmx:rpl_sent", 0L);
    }

    @Test
    void aMessageTheCalleeAcceptsIsOneTransactionCompletedWith2xx() throws Exception {
        String bob = user();
        try (Phone callee = phone(); Phone caller = phone()) {
            callee.register(bob, "example.com", "");
            Map<String, Long> before = figures();
            String callId = caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "hi");
            callee.reply(callee.awaitRequest("MESSAGE"), 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);

            Map<String, Long> moved = movedSince(before);
            assertThat(moved).containsEntry("tmx:UAS_transactions", 1L)
                    .as("UAC_transactions are those the node starts itself, not branches")
                    .containsEntry("tmx:UAC_transactions", 0L)
                    .containsEntry("tmx:2xx_transactions", 1L).containsEntry("tmx:4xx_transactions", 0L)
                    .containsEntry("tmx:rpl_received", 1L).containsEntry("tmx:rpl_relayed", 1L)
                    .containsEntry("tmx:rpl_generated", 0L).containsEntry("tmx:rpl_absorbed", 0L)
                    .containsEntry("sl:sent_replies", 0L);
        }
    }

    @Test
    void anInviteTheCalleeRefusesCompletesWith4xxAfterOurTrying() throws Exception {
        String bob = user();
        try (Phone callee = phone(); Phone caller = phone()) {
            callee.register(bob, "example.com", "");
            Map<String, Long> before = figures();
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            callee.reply(invite, 180, "Ringing");
            // Awaited before the final: the node's UDP workers may take two datagrams out of order, and a 180
            // handled after the 486 is rightly dropped (and not counted).
            caller.awaitResponse(callId, s -> s == 180);
            callee.reply(invite, 486, "Busy Here");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(486);

            Map<String, Long> moved = movedSince(before);
            assertThat(moved).containsEntry("tmx:UAS_transactions", 1L).containsEntry("tmx:4xx_transactions", 1L)
                    .containsEntry("tmx:2xx_transactions", 0L)
                    .as("100 Trying is the proxy's own").containsEntry("tmx:rpl_generated", 1L)
                    .containsEntry("tmx:rpl_received", 2L).containsEntry("tmx:rpl_relayed", 2L)
                    .containsEntry("tmx:rpl_sent", 3L);
        }
    }

    @Test
    void aCancelledInviteCountsTheCancelAsATransactionOfItsOwn() throws Exception {
        String bob = user();
        try (Phone callee = phone(); Phone caller = phone()) {
            callee.register(bob, "example.com", "");
            Map<String, Long> before = figures();
            String callId = caller.call("INVITE", "sip:" + bob + "@example.com", "alice@example.com", "");
            SipMessage invite = callee.awaitRequest("INVITE");
            callee.reply(invite, 180, "Ringing");
            caller.awaitResponse(callId, s -> s == 180);
            caller.cancel(caller.lastSent());
            assertThat(caller.await(m -> !m.isRequest() && m.cseqMethod().equals("CANCEL")).status()).isEqualTo(200);
            callee.reply(callee.awaitRequest("CANCEL"), 200, "OK");
            callee.reply(invite, 487, "Request Terminated");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(487);

            Map<String, Long> moved = movedSince(before);
            assertThat(moved).containsEntry("tmx:UAS_transactions", 2L)
                    .as("the CANCEL's 200").containsEntry("tmx:2xx_transactions", 1L)
                    .containsEntry("tmx:4xx_transactions", 1L)
                    .containsEntry("sl:sent_replies", 0L);
        }
    }

    @Test
    void aRequestForAnUnknownUserIsRefusedStatelesslyAndItsAckAbsorbed() throws Exception {
        try (Phone caller = phone()) {
            Map<String, Long> before = figures();
            String callId = caller.call("INVITE", "sip:nobody-" + user() + "@example.com", "alice@example.com", "");
            String invite = caller.lastSent();
            SipMessage notFound = caller.awaitResponse(callId, s -> s >= 200);
            assertThat(notFound.status()).isEqualTo(404);
            caller.send(ackFor(SipMessage.parse(invite), notFound));

            await().atMost(SETTLED).until(() -> group("sl:").get("sl:received_ACKs") > before.get("sl:received_ACKs"));
            Map<String, Long> moved = movedSince(before);
            assertThat(moved).containsEntry("sl:404_replies", 1L).containsEntry("sl:sent_replies", 1L)
                    .containsEntry("sl:received_ACKs", 1L)
                    .containsEntry("tmx:UAS_transactions", 0L).containsEntry("tmx:4xx_transactions", 0L);
        }
    }

    @Test
    void tooManyHopsIsAStatelessRefusal() throws Exception {
        String bob = user();
        try (Phone callee = phone(); Phone caller = phone()) {
            callee.register(bob, "example.com", "");
            Map<String, Long> before = figures();
            String callId = caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "x",
                    "Max-Forwards: 0");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(483);
            assertThat(movedSince(before)).containsEntry("sl:483_replies", 1L)
                    .containsEntry("tmx:UAS_transactions", 0L);
        }
    }

    @Test
    void tmStatsHasKamailiosMembersInItsOrderAndFollowsTheTraffic() throws Exception {
        String bob = user();
        JsonNode before = rpc.result("tm.stats");
        assertThat(fieldNames(before)).containsExactly("current", "waiting", "total", "total_local", "rpl_received",
                "rpl_generated", "rpl_sent", "6xx", "5xx", "4xx", "3xx", "2xx", "created", "freed", "delayed_free");
        try (Phone callee = phone(); Phone caller = phone()) {
            callee.register(bob, "example.com", "");
            String callId = caller.call("MESSAGE", "sip:" + bob + "@example.com", "alice@example.com", "hi");
            callee.reply(callee.awaitRequest("MESSAGE"), 202, "Accepted");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(202);
        }
        await().atMost(SETTLED).until(() -> rpc.result("tm.stats").get("current").asLong() == 0);
        JsonNode after = rpc.result("tm.stats");
        assertThat(after.get("total").asLong() - before.get("total").asLong()).isEqualTo(1);
        assertThat(after.get("2xx").asLong() - before.get("2xx").asLong()).isEqualTo(1);
        assertThat(after.get("rpl_sent").asLong() - before.get("rpl_sent").asLong()).isEqualTo(1);
        assertThat(after.get("freed").asLong()).isEqualTo(after.get("created").asLong());
        assertThat(after.get("waiting").asLong()).isZero();
        assertThat(after.get("total_local").asLong()).isZero();

        JsonNode sl = rpc.result("sl.stats");
        assertThat(fieldNames(sl)).containsExactly("200", "202", "2xx", "300", "301", "302", "3xx", "400", "401",
                "403", "404", "407", "408", "483", "4xx", "500", "5xx", "6xx", "xxx");
    }

    @Test
    void aStatisticIsFoundByItsBareName() throws Exception {
        assertThat(rpc.result("stats.get_statistics", "UAS_transactions", "404_replies"))
                .extracting(JsonNode::asText)
                .allSatisfy(line -> assertThat(line).matches("(tmx:UAS_transactions|sl:404_replies) = \\d+"))
                .hasSize(2);
    }

    /** The ACK a UA sends for a non-2xx final answer (RFC 3261 §17.1.1.3): same branch, the answer's To tag. */
    private static String ackFor(SipMessage invite, SipMessage answer) {
        return "ACK " + invite.requestUri() + " SIP/2.0\r\nVia: " + invite.header("via") + "\r\nMax-Forwards: 70\r\n"
                + "From: " + invite.header("from") + "\r\nTo: " + answer.header("to") + "\r\nCall-ID: "
                + invite.callId() + "\r\nCSeq: " + invite.header("cseq").split(" ")[0] + " ACK\r\nContent-Length: 0\r\n\r\n";
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
