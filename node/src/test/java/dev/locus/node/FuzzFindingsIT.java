package dev.locus.node;

import dev.locus.node.fuzz.NodeLog;
import dev.locus.node.support.NodeProcess;
import dev.locus.node.support.Register;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fuzzer ({@code FuzzIT}, {@code bench/fuzz.sh}) found, each message replayed against a node in its own JVM
 * (so that its whole log, stderr included, is read): after each, the node still registers over UDP and TCP and has
 * logged nothing the fuzzer counts as unexpected ({@link NodeLog}).
 */
class FuzzFindingsIT {

    private static final String HOST = "127.0.0.251";
    private static final InetSocketAddress SIP = new InetSocketAddress(HOST, 16420);
    @TempDir
    static Path dir;
    private static Path log;
    private static NodeProcess node;
    private long logFrom;

    @BeforeAll
    static void startNode() throws Exception {
        log = dir.resolve("node.log");
        node = new NodeProcess(Map.of("LOCUS_SIP_LISTEN", "udp:" + HOST + ":16420,tcp:" + HOST + ":16420",
                "LOCUS_RPC_ADDRESS", HOST, "LOCUS_RPC_PORT", "16421", "LOCUS_CLUSTER_BIND_ADDRESS", HOST,
                "LOCUS_CLUSTER_PORT", "16422", "LOCUS_CLUSTER_NAME", "fuzz-findings-it",
                "LOCUS_UACREG_ENABLED", "false"), log).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
        assertThat(node.isAlive()).as("the node started").isTrue();
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    @BeforeEach
    void markTheLog() throws Exception {
        logFrom = NodeLog.size(log);
    }

    /** Was a 500 and an ERROR with a stack trace: the registrar read the empty tag as null. */
    @Test
    void emptySupportedRequireAndAllowHeadersNameNothing() throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", SIP)) {
            SipResponse ok = ua.request(Register.of("empty-tags", "example.com").contact("<sip:empty-tags@192.0.2.1>")
                    .header("Supported:").header("Require:").header("Allow:").to(ua));
            assertThat(ok.status()).isEqualTo(200);
        }
        assertStillServingAndNothingUnexpected();
    }

    /**
     * Was a NullPointerException inside the RI's UDP channel, logged at ERROR: the parser ends the header section at
     * a line of blanks, so the request it built had no From, To, Call-ID nor CSeq, which the text check had seen.
     */
    @Test
    void aLineOfBlanksAmongTheHeadersIsNotAnAnswerableRequest() throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", SIP)) {
            ua.send("REGISTER sip:example.com SIP/2.0\r\nVia: " + ua.via("blank") + "\r\nMax-Forwards: 70\r\n \r\n"
                    + "From: <sip:blank@example.com>;tag=1\r\nTo: <sip:blank@example.com>\r\nCall-ID: blank-line\r\n"
                    + "CSeq: 1 REGISTER\r\nContact: <sip:blank@192.0.2.1>\r\nContent-Length: 0\r\n\r\n");
            ua.send("REGISTER sip:example.com SIP/2.0\r\nv: " + ua.via("compact") + "\r\nMax-Forwards: 70\r\n"
                    + "f: <sip:compact@examp\u00bee.com>;tag=1\r\nt: <sip:compact@example.com>\r\ni: lost-from\r\n"
                    + "CSeq: 1 REGISTER\r\nm: <sip:compact@192.0.2.1>\r\nl: 0\r\n\r\n");
            Optional<SipResponse> answer = ua.receive();
            answer.ifPresent(a -> assertThat(a.status()).isEqualTo(400));
        }
        assertStillServingAndNothingUnexpected();
    }

    /** Was a RuntimeException out of the RI's TCP reader thread, its stack trace on stderr, once per message. */
    @Test
    void aTcpContentLengthPastWhatTheStackReadsClosesTheConnectionQuietly() throws Exception {
        String request;
        try (SipClient writer = new SipClient(Transport.TCP, "127.0.0.1", SIP)) {
            request = Register.of("huge-length", "example.com").contact("<sip:huge-length@192.0.2.1>").to(writer)
                    .replace("Content-Length: 0", "Content-Length: 2147483647");
        }
        assertThat(sendAndReadUntilClosed(request)).as("answer before the close").isEmpty();
        assertStillServingAndNothingUnexpected();
    }

    /**
     * A line starting with three CRs overruns an array in the RI's TCP line reader, whose thread dies: the
     * connection closes (right for a stream that cannot be followed) and the node logs one line, no stack trace.
     */
    @Test
    void threeCarriageReturnsAtALineStartCloseTheConnectionWithOneLineOfLog() throws Exception {
        assertThat(sendAndReadUntilClosed("REGISTER sip:example.com SIP/2.0\r\n\r\r\r\n")).isEmpty();
        assertStillServingAndNothingUnexpected();
        assertThat(Files.readString(log)).contains("SIP TCP reader PipelineThread-");
    }

    /** The Call-ID of every line about a message was logged whole: 20,000 characters cost 20,000 bytes of log. */
    @Test
    void aHugeCallIdCostsAShortLineOfLog() throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", SIP)) {
            String register = Register.of("huge-call-id", "example.com").callId("c".repeat(20_000))
                    .contact("<sip:huge-call-id@192.0.2.1>").to(ua);
            assertThat(ua.request(register).status()).isEqualTo(513);
        }
        assertStillServingAndNothingUnexpected();
        NodeLog.Scan scan = NodeLog.scan(log, logFrom);
        assertThat(scan.bytes()).as("log bytes for one oversized message and the probes").isLessThan(2_000);
    }

    /**
     * Was a WARN naming an IllegalArgumentException (the 1,000,000-message run's one misbehaviour): the RI read
     * 2147483647 as a Via port, and answering over TCP once the client had gone meant connecting to it.
     */
    @Test
    void aViaPortOutOfRangeIsRefusedNotAnswered() throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", SIP)) {
            String register = Register.of("far-port", "example.com").contact("<sip:far-port@192.0.2.1>").to(ua)
                    .replace(":" + ua.localPort() + ";branch", ":2147483647;branch");
            ua.send(register);
            ua.receive().ifPresent(a -> assertThat(a.status()).isEqualTo(400));
        }
        try (Socket tcp = new Socket()) {
            tcp.connect(SIP, 5_000);
            String register = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:2147483647;branch=z9hG4bKfar\r\n"
                    + "From: <sip:far-port@example.com>;tag=1\r\nTo: <sip:far-port@example.com>\r\nCall-ID: far-port\r\n"
                    + "CSeq: 1 REGISTER\r\nContact: <sip:far-port@192.0.2.1>\r\nContent-Length: 0\r\n\r\n";
            tcp.getOutputStream().write(register.getBytes(StandardCharsets.US_ASCII));
            tcp.setSoLinger(true, 0); // gone at once (RST), before any answer
        }
        assertStillServingAndNothingUnexpected();
    }

    /** Sends bytes on a fresh TCP connection and reads until the node closes it (at most 10 s). */
    private static String sendAndReadUntilClosed(String bytes) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            socket.connect(SIP, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private void assertStillServingAndNothingUnexpected() throws Exception {
        for (Transport transport : Transport.values()) {
            try (SipClient ua = new SipClient(transport, "127.0.0.1", SIP)) {
                String user = "after-" + transport.name().toLowerCase();
                assertThat(ua.request(Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.2>").to(ua))
                        .status()).as("REGISTER over %s", transport).isEqualTo(200);
            }
        }
        assertThat(node.isAlive()).isTrue();
        // The node logs asynchronously from its SIP threads: give a late line the time to land before judging.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(NodeLog.scan(log, logFrom).unexpected()).isEmpty());
    }
}
