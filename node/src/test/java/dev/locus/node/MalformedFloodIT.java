package dev.locus.node;

import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.Register;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node exposed to the internet: malformed datagrams cost a bounded amount of log, and the node keeps serving. */
class MalformedFloodIT {

    private static final String HOST = "127.0.0.201";
    private static final InetSocketAddress NODE = new InetSocketAddress(HOST, 5060);
    private static final int COPIES = 25;
    /** A one-line log entry, its timestamp, thread and logger included. */
    private static final long BYTES_PER_MESSAGE = 400;

    /** Each kind of malformed message, for a client (its Via) and a sequence number (its branch). */
    private static final List<Function<SipClient, String>> MALFORMED = List.of(
            ua -> "REGISTER sip:example.com SIP/2.0\r\nVia: " + ua.via("nocseq" + System.nanoTime()) + "\r\n"
                    + "From: <sip:flood@example.com>;tag=1\r\nTo: <sip:flood@example.com>\r\nCall-ID: no-cseq\r\n"
                    + "Contact: <sip:flood@192.0.2.1>\r\nContent-Length: 0\r\n\r\n",
            ua -> "REGISTER sip:example.com SIP/2.0\r\nVia: " + ua.via("nocallid" + System.nanoTime()) + "\r\n"
                    + "From: <sip:flood@example.com>;tag=1\r\nTo: <sip:flood@example.com>\r\nCSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:flood@192.0.2.1>\r\nContent-Length: 0\r\n\r\n",
            ua -> "\u0001\u0002garbage\u00ff\u00fe\r\nnot: sip\r\n\r\n",
            ua -> "REGISTER sip:example.com SIP/2.0\r\nVia: " + ua.via("trunc" + System.nanoTime()) + "\r\n"
                    + "From: <sip:flood@example.com>;tag=1\r\nTo: <sip:fl");

    private static Map<String, String> environment() {
        return Map.of("LOCUS_SIP_LISTEN", "udp:" + HOST + ":5060",
                "LOCUS_RPC_ADDRESS", HOST,
                "LOCUS_RPC_PORT", "15801",
                "LOCUS_CLUSTER_BIND_ADDRESS", HOST,
                "LOCUS_CLUSTER_PORT", "15802",
                "LOCUS_CLUSTER_NAME", "malformed-flood-it",
                "LOCUS_UACREG_ENABLED", "false");
    }

    @Test
    void aBurstOfMalformedDatagramsGrowsTheLogByABoundedAmountPerMessageAndTheNodeStillRegisters(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("node.log");
        try (NodeProcess node = new NodeProcess(environment(), log).start();
             SipClient flood = new SipClient(Transport.UDP, "127.0.0.1", NODE);
             SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", NODE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            assertThat(node.isAlive()).as("the node started").isTrue();
            long before = Files.size(log);

            for (int copy = 0; copy < COPIES; copy++) {
                for (Function<SipClient, String> malformed : MALFORMED) {
                    flood.send(malformed.apply(flood));
                }
            }
            int sent = COPIES * MALFORMED.size();
            String register = Register.of("after-flood", "example.com").contact("<sip:after-flood@192.0.2.9>")
                    .expires(300).to(ua);
            assertThat(ua.request(register).status()).isEqualTo(200);

            long bound = sent * BYTES_PER_MESSAGE;
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(Files.size(log) - before).as("log bytes after %d messages", sent)
                            .isLessThanOrEqualTo(bound));
        }
    }

    @Test
    void aBurstOfOversizedRequestsIsAnsweredEachTimeAndLoggedInAFewLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        try (NodeProcess node = new NodeProcess(environment(), log).start();
             SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", NODE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            assertThat(node.isAlive()).as("the node started").isTrue();

            for (int i = 0; i < 50; i++) {
                String oversized = Register.of("oversized" + i, "example.com").contact("<sip:big@192.0.2.1>")
                        .header("X-Padding: " + "p".repeat(20_000)).to(ua);
                assertThat(ua.request(oversized).status()).isEqualTo(513);
            }
            try (var lines = Files.lines(log)) {
                assertThat(lines.filter(line -> line.contains("larger than sip.max_message_size")).count())
                        .as("lines about 50 oversized requests within seconds").isBetween(1L, 2L);
            }
        }
    }
}
