package dev.locus.node.rpc.fifo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.locus.node.config.JsonrpcFifoConfig;
import dev.locus.node.rpc.JsonRpcDocuments;
import dev.locus.node.rpc.RpcMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The FIFO transport over real FIFOs (mkfifo), with one method: its lifecycle and its reply FIFOs. */
class FifoServerTest {

    private Path dir;
    private Path fifo;
    private ExecutorService executor;
    private FifoServer server;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "kamcli-fifo-test");
        fifo = dir.resolve("rpc.fifo");
        Files.writeString(fifo, ""); // stands for nothing: only a FIFO may be replaced
        executor = Executors.newFixedThreadPool(2);
        RpcMethods methods = new RpcMethods().register("echo", "echo", p -> TextNode.valueOf("pong"));
        JsonrpcFifoConfig config = new JsonrpcFifoConfig(Optional.of(fifo),
                PosixFilePermissions.fromString("rw-rw----"), dir, 4096);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                new FifoServer(config, new JsonRpcDocuments(methods, 10, 1 << 20, executor), executor)))
                .hasMessageContaining("is not a FIFO");
        Files.delete(fifo);
        server = new FifoServer(config, new JsonRpcDocuments(methods, 10, 1 << 20, executor), executor);
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

    @Test
    void theFifoHasItsModeAndIsRemovedAtClose() throws IOException {
        assertThat(Files.getPosixFilePermissions(fifo)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        server.close();
        assertThat(fifo).doesNotExist();
    }

    @Test
    void aReplyFifoNobodyOpensDoesNotStopTheNextRequest() throws Exception {
        mkfifo(dir.resolve("abandoned"));
        mkfifo(dir.resolve("reply"));
        CompletableFuture<String> reply = read(dir.resolve("reply"));
        send(request("abandoned", 1) + request("reply", 2));
        assertThat(new ObjectMapper().readTree(reply.get(15, TimeUnit.SECONDS)).get("result").asText())
                .isEqualTo("pong");
    }

    @Test
    void aReplyNameThatIsNotAFifoIsNotWrittenTo() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "");
        mkfifo(dir.resolve("reply"));
        CompletableFuture<String> reply = read(dir.resolve("reply"));
        send(request("plain", 1) + request("reply", 2));
        assertThat(reply.get(10, TimeUnit.SECONDS)).contains("\"id\":2");
        assertThat(Files.readString(file)).isEmpty();
    }

    private static String request(String replyName, int id) {
        return "{\"jsonrpc\": \"2.0\", \"method\": \"echo\", \"reply_name\": \"" + replyName + "\", \"id\": " + id
                + "}\n";
    }

    private void send(String text) throws IOException {
        try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static CompletableFuture<String> read(Path path) {
        return CompletableFuture.supplyAsync(() -> {
            try (FileInputStream in = new FileInputStream(path.toFile())) {
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    read.write(chunk, 0, n);
                }
                return read.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    }
}
