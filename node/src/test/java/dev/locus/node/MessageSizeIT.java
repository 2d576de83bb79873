package dev.locus.node;

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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sip.max_message_size (16,384 bytes by default) over real UDP and TCP: one limit, answered 513 past it. */
class MessageSizeIT {

    private static final String HOST = "127.0.0.181";
    private static final int LIMIT = 16384;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNodes.settings(HOST, 15781);
        node = TestNodes.start(settings, CLOCK);
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static SipClient client(Transport transport) throws Exception {
        return new SipClient(transport, "127.0.0.1", new InetSocketAddress(HOST, 5060));
    }

    /**
     * A REGISTER of {@code size} bytes whose last Contact ({@code user}@192.0.2.2) comes after a padding header, so
     * that a message cut short anywhere in the padding loses it.
     */
    private static String registerOfSize(SipClient ua, String user, int size) {
        Register register = Register.of(user, "example.com").contact("<sip:" + user + "@192.0.2.1>").expires(300);
        String unpadded = register.header("X-Padding: ").header("Contact: <sip:" + user + "@192.0.2.2>").to(ua);
        int padding = size - unpadded.getBytes(StandardCharsets.UTF_8).length;
        String message = unpadded.replace("X-Padding: \r\n", "X-Padding: " + "p".repeat(padding) + "\r\n");
        assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return message;
    }

    @Test
    void aDatagramLargerThanTheLimitIsRefusedWithMessageTooLargeAndRegistersNothing() throws Exception {
        try (SipClient ua = client(Transport.UDP)) {
            SipResponse refused = ua.request(registerOfSize(ua, "udp-large", LIMIT + 600));
            assertThat(refused.status()).isEqualTo(513);
            assertThat(rpc.lookupContacts("udp-large")).isEmpty();
        }
    }

    @Test
    void aDatagramOfExactlyTheLimitIsRegisteredWhole() throws Exception {
        try (SipClient ua = client(Transport.UDP)) {
            assertThat(ua.request(registerOfSize(ua, "udp-limit", LIMIT)).status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("udp-limit")).contains("sip:udp-limit@192.0.2.1", "sip:udp-limit@192.0.2.2");
        }
    }

    @Test
    void aTcpMessageOfExactlyTheLimitIsRegisteredWhole() throws Exception {
        try (SipClient ua = client(Transport.TCP)) {
            assertThat(ua.request(registerOfSize(ua, "tcp-limit", LIMIT)).status()).isEqualTo(200);
            assertThat(rpc.lookupContacts("tcp-limit")).contains("sip:tcp-limit@192.0.2.1", "sip:tcp-limit@192.0.2.2");
        }
    }

    @Test
    void aTcpMessageLargerThanTheLimitIsRefusedWithMessageTooLargeAndRegistersNothing() throws Exception {
        try (SipClient ua = client(Transport.TCP)) {
            SipResponse refused = ua.request(registerOfSize(ua, "tcp-large", LIMIT + 600));
            assertThat(refused.status()).isEqualTo(513);
            assertThat(rpc.lookupContacts("tcp-large")).isEmpty();
        }
    }

    @Test
    void aTcpConnectionServesTheNextRequestAfterAMessageTooLarge() throws Exception {
        try (SipClient ua = client(Transport.TCP)) {
            assertThat(ua.request(registerOfSize(ua, "tcp-after", LIMIT + 600)).status()).isEqualTo(513);
            SipResponse ok = ua.request(Register.of("tcp-after", "example.com").contact("<sip:tcp-after@192.0.2.3>").to(ua));
            assertThat(ok.status()).isEqualTo(200);
        }
    }
}
