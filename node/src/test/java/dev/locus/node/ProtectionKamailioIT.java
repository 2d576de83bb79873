package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The protection's bans shared with a real Kamailio 5.6 over DMQ: the ban table is {@code ipban} on both sides
 * (Locus's default definition, {@code dmqreplicate=1}), and Kamailio's script drops what it finds there, as an
 * operator's pike + htable script does. A flood banned by Locus is dropped by Kamailio too; a ban an operator sets
 * on Kamailio is honoured by Locus.
 */
class ProtectionKamailioIT {

    private static final String KAMAILIO = "127.0.0.107";
    private static final String LOCUS = "127.0.0.108";
    private static final String FLOODER = "127.0.0.127";
    private static final String BYSTANDER = "127.0.0.128";
    private static final String BANNED_ON_KAMAILIO = "127.0.0.129";
    private static final int LOCUS_SIP = 17203;
    private static final int LOCUS_CLUSTER = 17204;
    private static final int LOCUS_DMQ = 17205;
    private static final int LOCUS_RPC = 17206;
    private static final int KAMAILIO_SIP = 17207;
    private static final int KAMAILIO_DMQ = 17208;
    private static final int KAMAILIO_RPC = 17209;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;
    private static RpcClient locus;

    @BeforeAll
    static void startKamailioThenLocus() throws Exception {
        kamailio = Kamailio.ipbanNode(KAMAILIO, "sip:" + LOCUS + ":" + LOCUS_DMQ, KAMAILIO_SIP, KAMAILIO_DMQ,
                KAMAILIO_RPC, dir).start();
        Map<String, String> s = new HashMap<>(TestNodes.settings(LOCUS, LOCUS_CLUSTER));
        s.put("cluster.name", "protection-kamailio-it");
        s.put("sip.listen", "udp:" + LOCUS + ":" + LOCUS_SIP);
        s.put("rpc.port", Integer.toString(LOCUS_RPC));
        s.put("dmq.listen", "udp:" + LOCUS + ":" + LOCUS_DMQ);
        s.put("dmq.notification_address", "sip:" + KAMAILIO + ":" + KAMAILIO_DMQ);
        s.put("dmq.ping_interval", "2");
        s.put("protect.trusted", "");
        s.put("protect.flood_limit", "50");
        s.put("protect.flood_window", "1");
        node = TestNodes.start(s, Clock.systemUTC());
        locus = new RpcClient(node.rpcAddress());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            Map<String, String> theirs = new HashMap<>();
            kamailio.rpc("dmq.list_nodes").get("result").forEach(n -> theirs.put(n.get("host").asText(), n.get("status").asText()));
            assertThat(theirs).containsEntry(LOCUS, "active");
            Map<String, String> ours = new HashMap<>();
            locus.result("dmq.list_nodes").forEach(n -> ours.put(n.get("host").asText(), n.get("status").asText()));
            assertThat(ours).containsEntry(KAMAILIO, "active");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static String options(SipClient from, String host, int port) {
        return "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\nVia: " + from.via("o" + System.nanoTime())
                + "\r\nMax-Forwards: 70\r\nFrom: <sip:it@example.com>;tag=1\r\nTo: <sip:" + host + ">\r\nCall-ID: opt-"
                + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    /** What an OPTIONS from {@code source} gets: empty when it is dropped. */
    private static Optional<Integer> ask(String source, String host, int port) throws IOException {
        try (SipClient ua = new SipClient(Transport.UDP, source, new InetSocketAddress(host, port))) {
            ua.send(options(ua, host, port));
            return ua.receive(Duration.ofMillis(500)).map(SipResponse::status);
        }
    }

    @Test
    void aFloodBannedByLocusIsDroppedByKamailioToo() throws Exception {
        assertThat(ask(FLOODER, KAMAILIO, KAMAILIO_SIP)).contains(200);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(FLOODER), 0))) {
            InetSocketAddress target = new InetSocketAddress(LOCUS, LOCUS_SIP);
            for (int i = 0; i < 2_000; i++) {
                byte[] bytes = ("OPTIONS sip:" + LOCUS + ":" + LOCUS_SIP + " SIP/2.0\r\nVia: SIP/2.0/UDP " + FLOODER + ":"
                        + socket.getLocalPort() + ";branch=z9hG4bKf" + i + "\r\nMax-Forwards: 70\r\nFrom: <sip:f@x>;tag=f\r\n"
                        + "To: <sip:" + LOCUS + ">\r\nCall-ID: flood-" + i + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, target));
            }
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode item = kamailio.rpc("htable.get", "ipban", FLOODER).at("/result/item");
            assertThat(item.get("value").asInt()).isEqualTo(1);
            assertThat(item.get("expire").asText()).as("the ban's expiry came too").isNotEqualTo("NEVER");
        });
        assertThat(ask(FLOODER, KAMAILIO, KAMAILIO_SIP)).as("Kamailio's script drops the banned source").isEmpty();
        assertThat(ask(FLOODER, LOCUS, LOCUS_SIP)).isEmpty();
        assertThat(ask(BYSTANDER, KAMAILIO, KAMAILIO_SIP)).contains(200);
        assertThat(ask(BYSTANDER, LOCUS, LOCUS_SIP)).contains(200);
    }

    @Test
    void aBanAnOperatorSetsOnKamailioIsHonouredByLocus() throws Exception {
        assertThat(ask(BANNED_ON_KAMAILIO, LOCUS, LOCUS_SIP)).contains(200);
        assertThat(kamailio.rpc("htable.seti", "ipban", BANNED_ON_KAMAILIO, 1).has("result")).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ask(BANNED_ON_KAMAILIO, LOCUS, LOCUS_SIP)).isEmpty());
        assertThat(locus.result("htable.dump", "ipban").findValuesAsText("name")).contains(BANNED_ON_KAMAILIO);
    }
}
