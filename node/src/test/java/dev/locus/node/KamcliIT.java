package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamcli;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's kamcli, unchanged ({@code /usr/bin/kamcli}, {@code transport=socket}), against a node's jsonrpcs datagram
 * socket ({@code jsonrpc.dgram_socket}): the same answers as POST /RPC, kamcli's own printing of them, and a socket
 * that keeps serving after junk.
 */
class KamcliIT extends KamcliCommands {

    private static final String HOST = "127.0.0.214";
    private static final String PHONE = "127.0.0.215";
    private static final int SIP_PORT = 17611;
    private static final int CLUSTER_PORT = 17612;
    private static final Path DIR = Path.of("/tmp/kamcli-it-" + ProcessHandle.current().pid());
    private static final Path SOCKET = DIR.resolve("run/kamailio_rpc.sock");

    private static LocusNode node;
    private static RpcClient rpc;
    private static Kamcli kamcli;

    @BeforeAll
    static void startNode() throws Exception {
        Kamcli.require();
        Map<String, String> s = TestNodes.settings(HOST, CLUSTER_PORT);
        s.put("sip.listen", "udp:" + HOST + ":" + SIP_PORT);
        s.put("jsonrpc.dgram_socket", SOCKET.toString());
        s.put("jsonrpc.dgram_mode", "0600");
        node = TestNodes.start(s, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        kamcli = Kamcli.socket(DIR, SOCKET, DIR.resolve("kamailio_rpc_reply.sock"));
        registerAlice(PHONE, HOST, SIP_PORT);
    }

    @Override
    Kamcli kamcli() {
        return kamcli;
    }

    @Override
    RpcClient rpc() {
        return rpc;
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (node != null) {
            node.close();
            assertThat(SOCKET).as("removed at stop").doesNotExist();
        }
        delete(DIR);
    }

    @Test
    void theSocketIsCreatedWithItsMode() throws IOException {
        assertThat((Integer) Files.getAttribute(SOCKET, "unix:mode") & 0170777).isEqualTo(0140600);
    }

    @Test
    void psPrintsCorePsxAsKamcliFormatsIt() throws Exception {
        Kamcli.Output output = kamcli.run("ps");
        assertThat(output.exit()).as(output.stderr()).isZero();
        List<String> lines = output.stdout().lines().filter(l -> !l.isBlank()).toList();
        // Threads come and go between two calls, so one thread's line is compared, and the shape of all.
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).matches(String.format("%4d", i) + " [ \\d]{4}\\d \\S.*");
        }
        JsonNode server = null;
        for (JsonNode p : rpc.result("core.psx")) {
            if (p.get("DSC").asText().equals("locus-jsonrpc-dgram")) {
                server = p;
            }
        }
        assertThat(server).as("core.psx lists the datagram socket's thread").isNotNull();
        assertThat(lines).contains(String.format("%4d %5d %s", server.get("IDX").asInt(), server.get("PID").asInt(),
                server.get("DSC").asText()));
    }

    @Test
    void junkDoesNotStopTheSocket() throws Exception {
        try (AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            AFUNIXSocketAddress to = AFUNIXSocketAddress.of(SOCKET);
            for (String junk : List.of("not json", "{\"jsonrpc\": \"2.0\", \"method\": core.version}", "\0\0\0",
                    "{\"jsonrpc\": \"2.0\", \"method\": \"core.version\", \"id\": 1}")) {
                sender.send(ByteBuffer.wrap(junk.getBytes(StandardCharsets.UTF_8)), to);
            }
        }
        assertThat(answer(kamcli.run("rpc", "core.version")).get("result")).isEqualTo(rpc.result("core.version"));
    }

}
