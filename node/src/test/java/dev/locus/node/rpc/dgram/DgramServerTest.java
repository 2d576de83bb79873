package dev.locus.node.rpc.dgram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.locus.node.config.JsonrpcDgramConfig;
import dev.locus.node.rpc.JsonRpcDocuments;
import dev.locus.node.rpc.RpcMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The datagram transport over real unix and UDP sockets, with small methods: lifecycle, answers, bad input. */
class DgramServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Path socket;
    private ExecutorService executor;
    private JsonRpcDocuments documents;
    private final AtomicInteger counted = new AtomicInteger();
    private DgramServer server;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "jsonrpc-dgram-test");
        socket = dir.resolve("rpc.sock");
        executor = Executors.newFixedThreadPool(2);
        RpcMethods methods = new RpcMethods()
                .register("echo", "echo", p -> TextNode.valueOf("pong"))
                .register("count", "count", p -> IntNode.valueOf(counted.incrementAndGet()))
                .register("big", "big", p -> TextNode.valueOf("x".repeat(70_000)));
        documents = new JsonRpcDocuments(methods, 10, DgramServer.MAX_REPLY_BYTES, executor);
        server = DgramServer.open(unix(socket), documents, executor);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        executor.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static JsonrpcDgramConfig unix(Path path) {
        return new JsonrpcDgramConfig(Optional.of(path), Optional.empty(), PosixFilePermissions.fromString("rw-rw----"));
    }

    @Test
    void theSocketHasItsModeAndIsRemovedAtClose() throws IOException {
        assertThat((Integer) Files.getAttribute(socket, "unix:mode") & 0170777).isEqualTo(0140660);
        server.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSocketLeftBehindIsReplacedAndAnyOtherFileRefused() throws Exception {
        Path left = dir.resolve("left.sock");
        try (AFUNIXDatagramChannel stale = AFUNIXDatagramChannel.open()) {
            stale.bind(AFUNIXSocketAddress.of(left));
            stale.setDeleteOnClose(false);
        }
        assertThat(left).exists();
        try (DgramServer replacing = DgramServer.open(unix(left), documents, executor);
             Client client = new Client(dir.resolve("client-a"))) {
            replacing.start();
            assertThat(client.call(left, request("echo", 1)).get("result").asText()).isEqualTo("pong");
        }
        Path file = dir.resolve("file");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> DgramServer.open(unix(file), documents, executor))
                .hasMessageContaining("is not a socket");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void eachDatagramIsAnsweredToItsSender() throws Exception {
        try (Client a = new Client(dir.resolve("a")); Client b = new Client(dir.resolve("b"))) {
            a.send(socket, request("echo", 7));
            b.send(socket, request("count", 8));
            JsonNode toA = a.receive();
            JsonNode toB = b.receive();
            assertThat(toA.get("id").asInt()).isEqualTo(7);
            assertThat(toA.get("result").asText()).isEqualTo("pong");
            assertThat(toB.get("id").asInt()).isEqualTo(8);
            assertThat(toB.get("result").asInt()).isEqualTo(1);
        }
    }

    @Test
    void badDatagramsAreAnsweredOrDroppedAndTheSocketKeepsServing() throws Exception {
        try (Client client = new Client(dir.resolve("c"))) {
            JsonNode junk = client.call(socket, "not json at all");
            assertThat(junk.at("/error/code").asInt()).isEqualTo(-32700);
            assertThat(junk.get("id").isNull()).isTrue();

            JsonNode invalid = client.call(socket, "{\"jsonrpc\": \"2.0\", \"id\": 3}");
            assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32600);

            // Over jsonrpcs' buffer: dropped whole, so the next answer is the next request's.
            String oversized = "{\"jsonrpc\": \"2.0\", \"method\": \"count\", \"params\": [\""
                    + "x".repeat(DgramServer.MAX_REQUEST_BYTES) + "\"], \"id\": 4}";
            client.send(socket, oversized);
            // A notification is run and not answered.
            client.send(socket, "{\"jsonrpc\": \"2.0\", \"method\": \"count\"}");
            JsonNode next = client.call(socket, request("count", 5));
            assertThat(next.get("id").asInt()).isEqualTo(5);
            assertThat(next.get("result").asInt()).as("the notification ran, the oversized request did not")
                    .isEqualTo(2);
        }
    }

    @Test
    void aSenderWithoutAnAddressIsServedButNotAnswered() throws Exception {
        try (AFUNIXDatagramChannel unnamed = AFUNIXDatagramChannel.open()) {
            unnamed.send(ByteBuffer.wrap(request("count", 1).getBytes(StandardCharsets.UTF_8)),
                    AFUNIXSocketAddress.of(socket));
        }
        await().untilAsserted(() -> assertThat(counted).hasValue(1));
        try (Client client = new Client(dir.resolve("d"))) {
            assertThat(client.call(socket, request("count", 2)).get("result").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anAnswerOverOneDatagramIsTheResponseTooLargeError() throws Exception {
        try (Client client = new Client(dir.resolve("e"))) {
            JsonNode answer = client.call(socket, request("big", 9));
            assertThat(answer.get("id").asInt()).isEqualTo(9);
            assertThat(answer.at("/error/code").asInt()).isEqualTo(-32000);
            assertThat(answer.at("/error/message").asText()).contains(Integer.toString(DgramServer.MAX_REPLY_BYTES));
            assertThat(client.call(socket, request("echo", 10)).get("result").asText()).isEqualTo("pong");
        }
    }

    @Test
    void udpOnLoopbackAnswersTheSendingPort() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        JsonrpcDgramConfig config = new JsonrpcDgramConfig(Optional.empty(),
                Optional.of(new InetSocketAddress(loopback, 0)), PosixFilePermissions.fromString("rw-------"));
        try (DgramServer udp = DgramServer.open(config, documents, executor);
             DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            udp.start();
            client.socket().setSoTimeout(10_000);
            client.send(ByteBuffer.wrap(request("echo", 11).getBytes(StandardCharsets.UTF_8)), udp.address());
            byte[] reply = new byte[70_000];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(reply, reply.length);
            client.socket().receive(packet);
            JsonNode answer = JSON.readTree(new String(reply, 0, packet.getLength(), StandardCharsets.UTF_8));
            assertThat(answer.get("id").asInt()).isEqualTo(11);
            assertThat(answer.get("result").asText()).isEqualTo("pong");
        }
    }

    private static String request(String method, int id) {
        return "{\"jsonrpc\": \"2.0\", \"method\": \"" + method + "\", \"id\": " + id + "}\n";
    }

    /** kamcli's way: a datagram socket bound to a path of its own, sending to the server's path. */
    private static final class Client implements AutoCloseable {
        private final AFUNIXDatagramChannel channel;

        Client(Path path) throws IOException {
            channel = AFUNIXDatagramChannel.open();
            channel.bind(AFUNIXSocketAddress.of(path));
            channel.socket().setSoTimeout(10_000);
        }

        void send(Path server, String text) throws IOException {
            channel.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), AFUNIXSocketAddress.of(server));
        }

        JsonNode receive() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(100_000);
            try {
                channel.socket().getChannel().receive(buffer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 10 s", e);
            }
            buffer.flip();
            return JSON.readTree(StandardCharsets.UTF_8.decode(buffer).toString());
        }

        JsonNode call(Path server, String text) throws IOException {
            send(server, text);
            return receive();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
