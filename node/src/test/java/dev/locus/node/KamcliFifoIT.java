package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamcli;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's kamcli (its FIFO transport adapted to Python 3, see {@link Kamcli}) against a node's jsonrpcs FIFO
 * transport ({@code jsonrpc.fifo}): the same answers as POST /RPC, and a FIFO that keeps serving after malformed,
 * oversized and path-traversing requests.
 */
class KamcliFifoIT extends KamcliCommands {

    private static final String HOST = "127.0.0.203";
    private static final String PHONE = "127.0.0.204";
    private static final int SIP_PORT = 17601;
    private static final int CLUSTER_PORT = 17602;
    private static final int MAX_REQUEST = 1024;
    private static final Path DIR = Path.of("/tmp/kamcli-fifo-it-" + ProcessHandle.current().pid());
    private static final Path FIFO = DIR.resolve("kamailio_rpc.fifo");
    private static final Path REPLIES = DIR.resolve("replies");

    private static LocusNode node;
    private static RpcClient rpc;
    private static Kamcli kamcli;

    @BeforeAll
    static void startNode() throws Exception {
        Kamcli.require();
        Files.createDirectories(REPLIES);
        Map<String, String> s = TestNodes.settings(HOST, CLUSTER_PORT);
        s.put("sip.listen", "udp:" + HOST + ":" + SIP_PORT);
        s.put("jsonrpc.fifo", FIFO.toString());
        s.put("jsonrpc.fifo_mode", "0600");
        s.put("jsonrpc.fifo_reply_dir", REPLIES.toString());
        s.put("jsonrpc.fifo_max_request_bytes", Integer.toString(MAX_REQUEST));
        node = TestNodes.start(s, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        // kamcli's own default reply name, with a dot that jsonrpcs would refuse.
        kamcli = Kamcli.fifo(DIR, FIFO, REPLIES, "kamailio_rpc_reply.fifo");
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
            assertThat(FIFO).as("removed at stop").doesNotExist();
        }
        delete(DIR);
    }

    @Test
    void theFifoIsCreatedWithItsMode() throws IOException {
        assertThat((Integer) Files.getAttribute(FIFO, "unix:mode") & 0170777).isEqualTo(0010600);
    }

    @Test
    void badRequestsAreRefusedAndTheFifoKeepsServing() throws Exception {
        Path escape = DIR.resolve("escape");
        mkfifo(escape);
        try (RandomAccessFile outside = new RandomAccessFile(escape.toFile(), "rw")) {
            Path mine = REPLIES.resolve("it_reply");
            mkfifo(mine);
            CompletableFuture<String> parseError = readReply(mine);
            send("not json at all\n{ \"not\": json }\n"
                    + "{\"jsonrpc\": \"2.0\", \"method\": \"core.version\", \"reply_name\": \"../escape\", \"id\": 1}\n"
                    + "{\"jsonrpc\": \"2.0\", \"method\": \"core.version\", \"params\": [\"" + "x".repeat(MAX_REQUEST)
                    + "\"], \"reply_name\": \"it_reply\", \"id\": 2}\n"
                    + "{\"jsonrpc\": \"2.0\", \"method\": core.version, \"reply_name\": \"it_reply\", \"id\": 3}\n");
            // Handled one at a time in order: once this answer is in, the requests before it were handled.
            JsonNode malformed = JSON.readTree(parseError.get(10, TimeUnit.SECONDS));
            assertThat(malformed.at("/error/code").asInt()).isEqualTo(-32700);
            assertThat(malformed.get("id").isNull()).isTrue();

            // Nothing was written to ../escape: the first byte there is the one written now.
            outside.write('X');
            assertThat(outside.read()).isEqualTo('X');
        }
        assertThat(answer(kamcli.run("rpc", "core.version")).get("result")).isEqualTo(rpc.result("core.version"));
    }

    private static void send(String requests) throws IOException {
        try (FileOutputStream out = new FileOutputStream(FIFO.toFile())) {
            out.write(requests.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static CompletableFuture<String> readReply(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            // Not readAllBytes: the JDK's seeks, which a FIFO refuses.
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    read.write(chunk, 0, n);
                }
                return read.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + path).isTrue();
    }
}
