package dev.locus.node.sip;

import dev.locus.node.config.SipConfig;
import dev.locus.node.config.TcpLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.locus.node.config.SocketSpec;
import org.junit.jupiter.api.Test;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIP threads of a UDP socket survive an Error thrown while handling one message: the RI's own threads ended for
 * good on the first one, so that a few such messages left the socket with no thread at all.
 */
class UdpWorkerTest {

    private static final String HOST = "127.0.0.245";
    private static final int PORT = 16150;
    private static final int THREADS = 2;

    /** Answers 200 statelessly, except to Call-IDs starting with "boom", for which it throws an Error. */
    private static final class Listener implements SipListener {
        private final SipServer[] server = new SipServer[1];

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            if (((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId().startsWith("boom")) {
                throw new StackOverflowError("a pathological message");
            }
            try {
                ((SipProvider) event.getSource()).sendResponse(server[0].messages().createResponse(200, request));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public void processResponse(ResponseEvent event) { }
        @Override public void processTimeout(TimeoutEvent event) { }
        @Override public void processIOException(IOExceptionEvent event) { }
        @Override public void processTransactionTerminated(TransactionTerminatedEvent event) { }
        @Override public void processDialogTerminated(DialogTerminatedEvent event) { }
    }

    @Test
    void aThreadThatMeetsAnErrorGoesOnWithTheNextMessage() throws Exception {
        SipConfig config = new SipConfig(List.of(SocketSpec.parse("sip.listen", "udp:" + HOST + ":" + PORT)), "",
                THREADS, 1000, 16384, 64, 32, new TcpLimits(16, 16, Duration.ofSeconds(120), Duration.ofSeconds(20)));
        Listener listener = new Listener();
        try (SipServer server = new SipServer("udp-worker-test-" + UUID.randomUUID(), config, Optional.empty(),
                new SimpleMeterRegistry());
             DatagramSocket ua = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            listener.server[0] = server;
            server.start(listener);
            ua.setSoTimeout(5000);
            for (int i = 0; i < THREADS * 4; i++) {
                send(ua, "boom-" + i);
            }
            send(ua, "fine");
            byte[] buffer = new byte[65535];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                ua.receive(answer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no SIP thread left to answer after " + THREADS * 4 + " Errors", e);
            }
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("SIP/2.0 200").contains("Call-ID: fine");
            assertThat(answer.getSocketAddress()).as("answered from the listening socket")
                    .isEqualTo(new InetSocketAddress(HOST, PORT));
        }
    }

    private static void send(DatagramSocket ua, String callId) throws Exception {
        String request = "OPTIONS sip:" + HOST + ":" + PORT + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + HOST + ":" + ua.getLocalPort() + ";branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:t@example.com>;tag=1\r\nTo: <sip:" + HOST + ">\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        ua.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(HOST, PORT)));
    }
}
