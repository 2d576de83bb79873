package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** tm.max_transactions, and tm.fr_timer_ms ending a transaction: its retransmissions stop, its slot is free again. */
class TmUacLimitsIT {

    private static final String HOST = "127.0.0.48";
    /** A socket of the test that receives and never answers. */
    private static final String SINK = "127.0.0.49";
    /** The test itself as a UAS that answers when it chooses. */
    private static final String UAS = "127.0.0.46";
    private static final String HEADERS = "From: <sip:rpc@example.com>\r\nTo: <sip:sink@" + SINK + ">\r\n";

    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNodes.settings(HOST, 15748);
        settings.put("tm.fr_timer_ms", "2000");
        settings.put("tm.max_transactions", "2");
        // One RPC thread: a waiting call must not take it.
        settings.put("rpc.threads", "1");
        node = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void requestsBeyondTmMaxTransactionsAreRefusedUntilOneEnds() throws Exception {
        String silent = "sip:nobody@127.0.0.47:5060";
        assertThat(rpc.result("tm.t_uac_start", "OPTIONS", silent, ".", ".", HEADERS).toString()).isEqualTo("{}");
        assertThat(rpc.result("tm.t_uac_start", "OPTIONS", silent, ".", ".", HEADERS).toString()).isEqualTo("{}");
        JsonNode refused = rpc.call("tm.t_uac_start", "OPTIONS", silent, ".", ".", HEADERS);
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(refused.at("/error/message").asText())
                .isEqualTo("Too many t_uac requests waiting for their final reply (tm.max_transactions=2)");
        // Both end as a local 408 after tm.fr_timer_ms, and free their slots.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                rpc.call("tm.t_uac_start", "OPTIONS", silent, ".", ".", HEADERS).has("result"));
    }

    @Test
    void aWaitingCallHoldsNoRpcThread() throws Exception {
        // The node has one RPC thread. The test is the UAS and answers only once another call was answered: were
        // the waiting call holding the thread, that call would wait for the 408 and the answer would come too late.
        try (DatagramSocket uas = new DatagramSocket(new InetSocketAddress(UAS, 5060))) {
            uas.setSoTimeout(1000);
            DatagramPacket request = new DatagramPacket(new byte[65535], 65535);
            CompletableFuture<JsonNode> waited = new CompletableFuture<>();
            // The other tests may hold both transaction slots for up to tm.fr_timer_ms: a refusal comes at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                CompletableFuture.runAsync(() -> {
                    try {
                        JsonNode answer = rpc.call("tm.t_uac_wait", "OPTIONS", "sip:uas@" + UAS, ".", ".", HEADERS);
                        if (answer.has("result")) {
                            waited.complete(answer.get("result"));
                        }
                    } catch (Exception e) {
                        waited.completeExceptionally(e);
                    }
                });
                try {
                    uas.receive(request);
                    return true;
                } catch (java.net.SocketTimeoutException e) {
                    return false;
                }
            });
            assertThat(rpc.result("core.version").asText()).startsWith("locus");
            byte[] ok = okFor(new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            uas.send(new DatagramPacket(ok, ok.length, request.getSocketAddress()));
            assertThat(waited.get(10, TimeUnit.SECONDS).get(0).asInt()).isEqualTo(200);
        }
    }

    /** A 200 to a request: its Via, From, To (tagged), Call-ID and CSeq. */
    private static String okFor(String request) {
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
            switch (name) {
                case "Via", "From", "Call-ID", "CSeq" -> ok.append(line).append("\r\n");
                case "To" -> ok.append(line).append(";tag=uas\r\n");
                default -> {
                }
            }
        }
        return ok.append("Content-Length: 0\r\n\r\n").toString();
    }

    @Test
    void theTransactionTimerStopsTheRetransmissions() throws Exception {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(SINK, 5060))) {
            // The other test may still hold a slot for up to tm.fr_timer_ms: a refused call sends nothing.
            long[] sentAt = new long[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                sentAt[0] = System.nanoTime();
                return rpc.call("tm.t_uac_start", "MESSAGE", "sip:sink@" + SINK, ".", ".", HEADERS).has("result");
            });
            long sent = sentAt[0];
            // UDP retransmissions come 0.5 s, 1 s, 2 s... apart (T1 doubling). Without the timer they would go on
            // for 32 s (timer F); with it the last one is sent before 2 s and none comes in the 4 s after it.
            List<Long> arrivals = new ArrayList<>();
            sink.setSoTimeout(4000);
            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            try {
                while (arrivals.size() < 20) {
                    sink.receive(packet);
                    assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
                            .startsWith("MESSAGE sip:sink@" + SINK);
                    arrivals.add(Duration.ofNanos(System.nanoTime() - sent).toMillis());
                }
            } catch (SocketTimeoutException quietAfterTheTimer) {
                // expected: nothing more once the transaction ended
            }
            assertThat(arrivals).hasSizeGreaterThan(1).hasSizeLessThan(20);
            assertThat(arrivals.get(arrivals.size() - 1)).isLessThan(3000);
        }
    }
}
