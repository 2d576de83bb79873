package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.Sipp;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tm.t_uac_wait, t_uac_wait_block and t_uac_start over real JSON-RPC HTTP, sending real SIP: to a sipp UAS at a
 * direct URI, to an address nobody answers (408 after tm.fr_timer_ms), and to an AOR of a domain the node serves,
 * which goes through the node's own SIP socket.
 */
class TmUacIT {

    private static final String HOST = "127.0.0.40";
    private static final String UAS = "127.0.0.41";
    /** Nothing listens here: requests to it are never answered. */
    private static final String SILENT = "127.0.0.42";
    /** A UDP socket of the test itself, as a UAS that only receives. */
    private static final String RECEIVER = "127.0.0.43";
    private static final String DOMAIN = "locus.test";
    private static final Path SCENARIO = Path.of("src", "test", "resources", "sipp", "uas-message-options.xml")
            .toAbsolutePath();
    private static final String HEADERS = "From: <sip:rpc@" + DOMAIN + ">\r\nTo: <sip:uas@" + UAS + ">\r\n";

    private static LocusNode node;
    private static RpcClient rpc;
    private static Process uas;
    @TempDir
    static Path uasDir;

    @BeforeAll
    static void start() throws Exception {
        Path sipp = Sipp.require();
        uas = new ProcessBuilder(sipp.toString(), "-sf", SCENARIO.toString(), "-i", UAS, "-p", "5060", "-t", "u1",
                "-m", "100000", "-nostdin")
                .directory(uasDir.toFile()).redirectErrorStream(true).redirectOutput(uasDir.resolve("sipp.out").toFile())
                .start();
        Map<String, String> settings = TestNodes.settings(HOST, 15740);
        settings.put("registrar.domains", DOMAIN);
        settings.put("tm.fr_timer_ms", "2000");
        settings.put("tm.max_waiting", "2");
        node = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        // sipp is listening once it answers.
        await().atMost(Duration.ofSeconds(20)).until(() -> rpc.result("tm.t_uac_wait", "OPTIONS", "sip:uas@" + UAS,
                ".", ".", HEADERS).get(0).asInt() == 200);
        assertThat(uas.isAlive()).as("our sipp answers, not another one holding its address").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (uas != null) {
            uas.destroy();
            if (!uas.waitFor(5, TimeUnit.SECONDS)) {
                uas.destroyForcibly();
            }
        }
    }

    @Test
    void messageToAUasAtADirectUriReturnsItsFinalReplyInKamailiosShape() throws Exception {
        JsonNode result = rpc.result("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS + ":5060", ".", ".",
                HEADERS + "Content-Type: text/plain\r\n", "hello");
        assertThat(result.isArray()).isTrue();
        assertThat(result).hasSize(6);
        assertThat(result.get(0).asInt()).isEqualTo(200);
        assertThat(result.get(1).asText()).isEqualTo("OK");
        // A 2xx confirms tm's dialog: its remote target (the Contact), next hop and (no) route set.
        assertThat(result.get(2).asText()).isEqualTo("sip:uas@" + UAS + ":5060");
        assertThat(result.get(3).asText()).isEqualTo("sip:uas@" + UAS + ":5060");
        assertThat(result.get(4).asText()).isEmpty();
        // Then the reply from its first header on.
        assertThat(result.get(5).asText()).startsWith("Via: SIP/2.0/UDP " + HOST + ":5060;")
                .contains("Server: sipp-uas").contains("CSeq: 10 MESSAGE");
    }

    @Test
    void optionsThroughAGivenNextHopAndSocket() throws Exception {
        // The Request-URI names a host that does not resolve: only the next hop can deliver it.
        // sipp discards a request whose Call-ID it has seen: one of its own for each run.
        String callId = "given-" + UUID.randomUUID();
        JsonNode result = rpc.result("tm.t_uac_wait", "OPTIONS", "sip:uas@unresolvable.invalid",
                "sip:" + UAS + ":5060", "udp:" + HOST + ":5060", HEADERS + "CSeq: 7 OPTIONS\r\nCall-ID: " + callId + "\r\n");
        assertThat(result.get(0).asInt()).isEqualTo(200);
        assertThat(result.get(5).asText()).contains("CSeq: 7 OPTIONS").contains("Call-ID: " + callId);
    }

    @Test
    void aUriNobodyAnswersEndsIn408AfterTheTransactionTimer() throws Exception {
        JsonNode waited = rpc.result("tm.t_uac_wait", "MESSAGE", "sip:nobody@" + SILENT + ":5060", ".", ".",
                HEADERS);
        assertThat(waited).hasSize(6);
        assertThat(waited.get(0).asInt()).isEqualTo(408);
        assertThat(waited.get(1).asText()).isEqualTo("Request Timeout");
        for (int i = 2; i < 6; i++) {
            assertThat(waited.get(i).asText()).isEmpty();
        }
        JsonNode blocked = rpc.result("tm.t_uac_wait_block", "OPTIONS", "sip:nobody@" + SILENT + ":5060", ".", ".",
                HEADERS);
        assertThat(blocked.toString()).isEqualTo("{\"code\":408,\"text\":\"Request Timeout\"}");
    }

    @Test
    void waitBlockAnswersCodeAndText() throws Exception {
        JsonNode blocked = rpc.result("tm.t_uac_wait_block", "OPTIONS", "sip:uas@" + UAS, ".", ".", HEADERS);
        assertThat(blocked.toString()).isEqualTo("{\"code\":200,\"text\":\"OK\"}");
    }

    @Test
    void startAnswersAtOnceAndTheUasReceivesTheRequest() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        // A socket of the test's own as the UAS: what it receives is read as it arrives (sipp's message log is
        // written in its own time).
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(RECEIVER, 5060))) {
            receiver.setSoTimeout(10_000);
            JsonNode started = rpc.result("tm.t_uac_start", "MESSAGE", "sip:uas@" + RECEIVER, ".", ".",
                    HEADERS + "Content-Type: text/plain\r\n", marker);
            assertThat(started.toString()).isEqualTo("{}");
            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            receiver.receive(packet);
            String request = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertThat(request).startsWith("MESSAGE sip:uas@" + RECEIVER + " SIP/2.0\r\n").endsWith("\r\n\r\n" + marker);
        }
        // It does not wait for a final reply: to a silent address it answers {} too, not a 408.
        assertThat(rpc.result("tm.t_uac_start", "OPTIONS", "sip:nobody@" + SILENT, ".", ".", HEADERS).toString())
                .isEqualTo("{}");
    }

    @Test
    void anUnregisteredAorOfAServedDomainIsAnsweredByTheNodesLocationService() throws Exception {
        // Nothing resolves locus.test: only the node itself, through its own socket, can answer.
        JsonNode result = rpc.result("tm.t_uac_wait", "MESSAGE", "sip:nobody-here@" + DOMAIN, ".", ".",
                "From: <sip:rpc@" + DOMAIN + ">\r\nTo: <sip:nobody-here@" + DOMAIN + ">\r\n"
                        + "Content-Type: text/plain\r\n", "hi");
        assertThat(result.get(0).asInt()).as(result.toString()).isEqualTo(404);
        assertThat(result).hasSize(3);
        assertThat(result.get(2).asText()).contains("Server: Locus");
    }

    @Test
    void aRegisteredAorOfAServedDomainIsResolvedAndReachedThroughTheNode() throws Exception {
        String user = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(rpc.result("ul.add", "location", user, "sip:" + user + "@" + UAS + ":5060", 600, 1.0, ".", 0, 0,
                4294967295L)).isEmpty();
        for (String method : List.of("MESSAGE", "OPTIONS")) {
            JsonNode result = rpc.result("tm.t_uac_wait", method, "sip:" + user + "@" + DOMAIN, ".", ".",
                    "From: <sip:rpc@" + DOMAIN + ">\r\nTo: <sip:" + user + "@" + DOMAIN + ">\r\n"
                            + "Content-Type: text/plain\r\n", "hi " + user);
            // The UAS's own 200, relayed by the node's location service.
            assertThat(result.get(0).asInt()).as(result.toString()).isEqualTo(200);
            assertThat(result.get(result.size() - 1).asText()).as(result.toString()).contains("Server: sipp-uas");
        }
    }

    @Test
    void eachRequestSentIsALocalTransactionInTmStats() throws Exception {
        JsonNode before = rpc.result("tm.stats");
        assertThat(rpc.result("tm.t_uac_wait", "OPTIONS", "sip:uas@" + UAS, ".", ".", HEADERS).get(0).asInt())
                .isEqualTo(200);
        JsonNode after = rpc.result("tm.stats");
        assertThat(after.get("total_local").asLong() - before.get("total_local").asLong()).isEqualTo(1);
        assertThat(after.get("total").asLong() - before.get("total").asLong()).isEqualTo(1);
        assertThat(after.get("rpl_received").asLong()).isGreaterThan(before.get("rpl_received").asLong());
        assertThat(rpc.result("stats.get_statistics", "UAC_transactions").get(0).asText())
                .isEqualTo("tmx:UAC_transactions = " + after.get("total_local").asLong());
    }

    @Test
    void badParametersAreJsonRpcErrorsWithTmsTexts() throws Exception {
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".", "From: <sip:a@b>\r\n"),
                400, "To missing");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".", "To: <sip:a@b>\r\n"),
                400, "From missing");
        assertError(rpc.call("tm.t_uac_wait", "", "sip:uas@" + UAS, ".", ".", HEADERS), 400, "Empty method");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "nonsense", ".", ".", HEADERS), 400,
                "Invalid request uri \"nonsense\"");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, "bogus", ".", HEADERS), 400,
                "Invalid next-hop uri \"bogus\"");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", "udp:" + HOST + ":5999", HEADERS),
                400, "No local socket for \"udp:" + HOST + ":5999\"");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", "udp:a:b:c", HEADERS),
                400, "Invalid send socket \"udp:a:b:c\"");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".", HEADERS, "body"),
                400, "Content-Type missing");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".",
                HEADERS + "Content-Type: text/plain\r\nContent-Length: 4\r\n", "body"), 400, "Content-Length disallowed");
        assertError(rpc.call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".", HEADERS + "CSeq: 3 OPTIONS\r\n"),
                400, "CSeq method mismatch");
        assertError(rpc.call("tm.t_uac_start", "INVITE", "sip:uas@" + UAS, ".", ".", HEADERS), 400,
                "Method not supported: INVITE (Locus sends no INVITE, ACK or CANCEL)");
        JsonNode missing = rpc.call("tm.t_uac_start", "MESSAGE", "sip:uas@" + UAS, ".", ".");
        assertThat(missing.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(missing.at("/error/message").asText()).contains("headers");
        JsonNode wrongType = rpc.call("tm.t_uac_start", "MESSAGE", "sip:uas@" + UAS, ".", 5060, HEADERS);
        assertThat(wrongType.at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void waitingCallsBeyondTmMaxWaitingAreRefusedAtOnce() {
        // tm.max_waiting is 2 here: two calls wait 2 s for a silent address.
        List<CompletableFuture<JsonNode>> holders = List.of(silentWait(), silentWait());
        await().atMost(Duration.ofSeconds(20)).until(() -> rpc.call("tm.t_uac_wait", "OPTIONS",
                "sip:nobody@" + SILENT, ".", ".", HEADERS).at("/error/code").asInt() == -32001);
        for (CompletableFuture<JsonNode> holder : holders) {
            assertThat(holder.join().at("/result/0").asInt()).isIn(408, 0);
        }
    }

    private static CompletableFuture<JsonNode> silentWait() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return rpc.call("tm.t_uac_wait", "OPTIONS", "sip:nobody@" + SILENT, ".", ".", HEADERS);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertError(JsonNode response, int code, String message) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        assertThat(response.at("/error/code").asInt()).as(response.toString()).isEqualTo(code);
        assertThat(response.at("/error/message").asText()).isEqualTo(message);
    }
}
