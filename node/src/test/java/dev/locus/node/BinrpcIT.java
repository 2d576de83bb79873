package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.cli.KamcmdFormatter;
import dev.locus.node.support.Kamcmd;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's kamcmd, unchanged, against a Locus node's binrpc endpoint on a unix socket, TCP and UDP: Kamailio's text
 * layout for the same methods JSON-RPC serves, Kamailio's faults, and a server that outlives bad clients.
 */
class BinrpcIT {

    private static final String HOST = "127.0.0.148";
    private static final String PHONE = "127.0.0.156";
    private static final int SIP_PORT = 17301;
    private static final int CLUSTER_PORT = 17302;
    private static final int TCP_PORT = 17303;
    private static final int UDP_PORT = 17304;
    private static final int DMQ_PORT = 17305;
    private static final Path DIR = Path.of("/tmp/binrpc-it-" + ProcessHandle.current().pid());
    private static final Path SOCKET = DIR.resolve("kamailio_ctl");
    private static final String UNIX = "unix:" + SOCKET;
    private static final String TCP = "tcp:" + HOST + ":" + TCP_PORT;
    private static final String UDP = "udp:" + HOST + ":" + UDP_PORT;
    private static final int MAX_CONNECTIONS = 4;

    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() throws Exception {
        Kamcmd.require();
        Map<String, String> s = TestNodes.settings(HOST, CLUSTER_PORT);
        s.put("sip.listen", "udp:" + HOST + ":" + SIP_PORT + ",tcp:" + HOST + ":" + SIP_PORT);
        s.put("dmq.listen", "udp:" + HOST + ":" + DMQ_PORT);
        s.put("dmq.notification_address", "sip:" + HOST + ":" + DMQ_PORT);
        s.put("dmq.ping_interval", "1");
        s.put("binrpc.listen", String.join(",", UNIX, TCP, UDP));
        s.put("binrpc.max_connections", Integer.toString(MAX_CONNECTIONS));
        s.put("binrpc.idle_timeout", "2");
        node = TestNodes.start(s, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        try (SipClient ua = new SipClient(Transport.UDP, PHONE, new InetSocketAddress(HOST, SIP_PORT))) {
            assertThat(ua.request(Register.of("alice", "example.com").contact("<sip:alice@192.0.2.1:5060>;q=0.5")
                    .expires(600).to(ua)).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (node != null) {
            node.close();
        }
        Files.deleteIfExists(SOCKET);
        Files.deleteIfExists(DIR);
    }

    @Test
    void ulDumpBriefPrintsKamailiosLayoutOverEveryTransport() throws Exception {
        String expected = String.join("\n",
                "{",
                "\tDomains: {",
                "\t\tDomain: {",
                "\t\t\tDomain: location",
                "\t\t\tSize: 1024",
                "\t\t\tAoRs: {",
                "\t\t\t\tAoR: alice",
                "\t\t\t}",
                "\t\t\tStats: {",
                "\t\t\t\tRecords: 1",
                "\t\t\t\tMax-Slots: 1",
                "\t\t\t}",
                "\t\t}",
                "\t}",
                "}", "");
        for (String address : List.of(UNIX, TCP, UDP)) {
            assertThat(Kamcmd.at(address).print("ul.dump", "brief")).as(address).isEqualTo(expected);
        }
    }

    @Test
    void ulDumpPrintsEveryContactMemberAsKamcmdPrintsKamailios() throws Exception {
        String printed = Kamcmd.at(UNIX).print("ul.dump");
        JsonNode json = rpc.result("ul.dump");
        long hash = json.at("/Domains/0/Domain/AoRs/0/Info/HashID").asLong();
        assertThat(printed).contains("\t\t\t\tInfo: {\n\t\t\t\t\tAoR: alice\n\t\t\t\t\tHashID: " + (int) hash + "\n")
                .contains("\t\t\t\t\tContacts: {\n\t\t\t\t\t\tContact: {\n\t\t\t\t\t\t\tAddress: sip:alice@192.0.2.1:5060\n")
                .contains("\t\t\t\t\t\t\tQ: 0.500000\n", "\t\t\t\t\t\t\tPath: [not set]\n",
                        "\t\t\t\t\t\t\tState: CS_NEW\n", "\t\t\t\t\t\t\tTcpconn-Id: -1\n");
        // The same reply, member for member, as the JSON-RPC server's: one method, two encoders.
        assertThat(withoutExpires(printed)).isEqualTo(withoutExpires(new KamcmdFormatter().format(json)));
    }

    /** Seconds left tick between the two calls. */
    private static String withoutExpires(String text) {
        return text.replaceAll("Expires: \\d+", "Expires: N");
    }

    @Test
    void dmqListNodesPrintsOneBlockPerNode() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Kamcmd.at(TCP).print("dmq.list_nodes")).isEqualTo(String.join("\n",
                        "{",
                        "\thost: " + HOST,
                        "\tport: " + DMQ_PORT,
                        "\tproto: *",
                        "\tresolved_ip: " + HOST,
                        "\tstatus: active",
                        "\tlast_notification: 0",
                        "\tlocal: 1",
                        "\tkind: locus",
                        "}", "")));
    }

    @Test
    void statisticsPrintOneLinePerStatisticAsJsonRpcListsThem() throws Exception {
        List<String> printed = Kamcmd.at(UDP).run("stats.get_statistics", "all").lines();
        List<String> names = new ArrayList<>();
        rpc.result("stats.get_statistics", "all").forEach(line -> names.add(line.asText().replaceAll(" = .*", "")));
        assertThat(printed).allMatch(line -> line.matches("[a-z_]+:[\\w-]+ = -?\\d+"));
        assertThat(printed.stream().map(line -> line.replaceAll(" = .*", ""))).containsExactlyElementsOf(names);
        assertThat(Kamcmd.at(UDP).print("stats.get_statistics", "usrloc:"))
                .contains("usrloc:registered_users = 1\n");
    }

    @Test
    void systemListMethodsAndCoreVersionAreJsonRpcsOwn() throws Exception {
        List<String> methods = new ArrayList<>();
        rpc.result("system.listMethods").forEach(m -> methods.add(m.asText()));
        assertThat(Kamcmd.at(TCP).run("system.listMethods").lines()).containsExactlyElementsOf(methods)
                .contains("ul.dump", "dmq.list_nodes", "stats.get_statistics");
        assertThat(Kamcmd.at(UDP).print("core.version")).isEqualTo(rpc.result("core.version").asText() + "\n");
        assertThat(Kamcmd.at(UNIX).print("system.methodHelp", "ul.dump")).isEqualTo("Dump user location tables\n");
    }

    @Test
    void faultsPrintKamailiosCodesAndMessages() throws Exception {
        Kamcmd kamcmd = Kamcmd.at(UNIX);
        assertThat(kamcmd.print("no.such")).isEqualTo("error: 500 - command no.such not found\n");
        assertThat(kamcmd.print("ul.lookup", "location", "nobody")).isEqualTo("error: 500 - AOR not found in location table\n");
        assertThat(kamcmd.print("stats.get_statistics")).isEqualTo("error: 400 - Please provide which stats to retrieve\n");
        // Parameter checks of the shared methods: ctl's class of error (400), the method's own words.
        assertThat(kamcmd.print("ul.add", "location", "few")).isEqualTo("error: 400 - missing parameter contact (position 3)\n");
        assertThat(kamcmd.print("uac.reg_dump")).as("uacreg is off without a database")
                .isEqualTo("error: 500 - command uac.reg_dump not found\n");
    }

    @Test
    void kamcmdArgumentTypesReachTheMethods() throws Exception {
        Kamcmd kamcmd = Kamcmd.at(TCP);
        // 0.75 goes as a DOUBLE, 300 and 31 as INTs, "." as a STR: what ul.add reads.
        assertThat(kamcmd.print("ul.add", "location", "typed", "sip:typed@192.0.2.7", "300", "0.75", ".", "0", "0", "31"))
                .isEmpty();
        assertThat(kamcmd.print("ul.lookup", "location", "typed")).contains("\t\t\tQ: 0.750000\n", "\t\t\tMethods: 31\n");
        assertThat(kamcmd.print("ul.rm", "location", "typed")).isEmpty();
        assertThat(kamcmd.print("ul.lookup", "location", "typed")).isEqualTo("error: 500 - AOR not found in location table\n");
    }

    @Test
    void aMalformedStreamPacketGetsA400FaultAndItsConnectionClosed() throws Exception {
        for (boolean unix : List.of(true, false)) {
            try (SocketChannel c = unix ? SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))
                    : SocketChannel.open(new InetSocketAddress(HOST, TCP_PORT))) {
                c.write(ByteBuffer.wrap(new byte[]{0x47, 0x45, 0x54, 0x20, 0x2f, 0x0d, 0x0a}));
                byte[] reply = readToEnd(c);
                // 0xA1, a fault (type 3), then INT 400 and "bad request: corrupted packet".
                assertThat(reply[0] & 0xFF).isEqualTo(0xA1);
                assertThat((reply[1] & 0xFF) >>> 4).isEqualTo(3);
                assertThat(new String(reply, StandardCharsets.ISO_8859_1)).contains("bad request: corrupted packet");
            }
        }
        assertThat(Kamcmd.at(UNIX).print("core.version")).startsWith("locus ");
    }

    @Test
    void requestsSentTogetherOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (Socket s = new Socket(HOST, TCP_PORT)) {
            s.setSoTimeout(5000);
            // Two core.version requests in one write: 1-byte length 15, 1-byte cookies 1 and 2.
            byte[] method = "core.version\0".getBytes(StandardCharsets.US_ASCII);
            java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
            for (int cookie = 1; cookie <= 2; cookie++) {
                both.write(new byte[]{(byte) 0xA1, 0x00, 0x0f, (byte) cookie, (byte) 0x91, 0x0d});
                both.write(method);
            }
            s.getOutputStream().write(both.toByteArray());
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            for (int cookie = 1; cookie <= 2; cookie++) {
                assertThat(in.readUnsignedByte()).isEqualTo(0xA1);
                int flags = in.readUnsignedByte();
                assertThat(flags >>> 4).as("a reply").isEqualTo(1);
                int length = 0;
                for (int i = 0; i <= ((flags >>> 2) & 3); i++) {
                    length = length << 8 | in.readUnsignedByte();
                }
                int received = 0;
                for (int i = 0; i <= (flags & 3); i++) {
                    received = received << 8 | in.readUnsignedByte();
                }
                assertThat(received).isEqualTo(cookie);
                in.readFully(new byte[length]);
            }
        }
    }

    @Test
    void aRequestClaimingMoreThanTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (Socket s = new Socket(HOST, TCP_PORT)) {
            // Request, 4-byte length 0x01000000 (16 MB), 1-byte cookie 0x2a; no body follows.
            s.getOutputStream().write(new byte[]{(byte) 0xA1, 0x0C, 0x01, 0x00, 0x00, 0x00, 0x2a});
            byte[] reply = s.getInputStream().readAllBytes();
            assertThat(new String(reply, StandardCharsets.ISO_8859_1))
                    .contains("bad request: buffer too small (overflow)");
        }
        assertThat(Kamcmd.at(TCP).print("core.version")).startsWith("locus ");
    }

    @Test
    void aMalformedDatagramIsDroppedAndUdpKeepsServing() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(PHONE, 0))) {
            byte[] junk = {(byte) 0xA1, 0x03, 0x7f, 1, 2, 3, 4};
            udp.send(new DatagramPacket(junk, junk.length, new InetSocketAddress(HOST, UDP_PORT)));
            udp.setSoTimeout(500);
            assertThat(receives(udp)).as("a truncated datagram gets no answer").isFalse();
        }
        assertThat(Kamcmd.at(UDP).print("core.version")).startsWith("locus ");
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndSilentOnesTimeOut() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                open.add(new Socket(HOST, TCP_PORT));
            }
            // Accepted and closed at once: the server keeps no more than its limit.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (Socket extra = new Socket(HOST, TCP_PORT)) {
                    // Less than binrpc.idle_timeout: a connection taken in would not be closed that soon.
                    extra.setSoTimeout(1000);
                    assertThat(extra.getInputStream().read()).isEqualTo(-1);
                }
            });
            // binrpc.idle_timeout=2: the silent ones are closed, and kamcmd is served again.
            for (Socket s : open) {
                s.setSoTimeout(10_000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Kamcmd.at(TCP).print("core.version")).startsWith("locus "));
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private static boolean receives(DatagramSocket udp) throws IOException {
        try {
            udp.receive(new DatagramPacket(new byte[2048], 2048));
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private static byte[] readToEnd(SocketChannel c) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (c.read(buf) >= 0) {
            all.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return all.toByteArray();
    }
}
