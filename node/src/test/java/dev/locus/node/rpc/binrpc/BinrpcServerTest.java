package dev.locus.node.rpc.binrpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.node.config.BinrpcAddress;
import dev.locus.node.config.BinrpcLimits;
import dev.locus.node.rpc.RpcMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unix socket's file: its mode, a dead node's file replaced, a live one's and a stranger's left alone. */
class BinrpcServerTest {

    private static final Path DIR = Path.of("/tmp/binrpc-unit-" + ProcessHandle.current().pid());
    private static final Path SOCKET = DIR.resolve("ctl");
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final RpcMethods methods = new RpcMethods()
            .register("t.hello", "", p -> JsonNodeFactory.instance.textNode("hello"));

    private BinrpcServer server() {
        BinrpcServer server = new BinrpcServer(List.of(BinrpcAddress.unix(SOCKET)), methods, new BinrpcLimits(4,
                Duration.ofSeconds(5), 65535, 131072, PosixFilePermissions.fromString("rw-------")), executor);
        server.start();
        return server;
    }

    @AfterEach
    void cleanUp() throws IOException {
        executor.shutdownNow();
        Files.deleteIfExists(SOCKET);
        Files.deleteIfExists(DIR);
    }

    private static String call(String method) throws Exception {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            BinrpcWriter body = new BinrpcWriter(1024).string(method);
            c.write(ByteBuffer.wrap(new BinrpcPacket(BinrpcTypes.REQUEST, 42, body.toByteArray()).encode()));
            ByteBuffer in = ByteBuffer.allocate(4096);
            BinrpcPacket.Header h;
            do {
                if (c.read(in) < 0) {
                    throw new IOException("closed");
                }
                h = BinrpcPacket.readHeader(in.array(), in.position());
            } while (h == null || in.position() < h.packetLength());
            BinrpcPacket reply = BinrpcPacket.of(h, in.array());
            return ((BinrpcValue.Str) BinrpcReader.readAll(reply.body()).get(0)).value();
        }
    }

    @Test
    void theSocketIsTheNodeUsersOnlyAndRemovedAtStop() throws Exception {
        try (BinrpcServer server = server()) {
            assertThat(call("t.hello")).isEqualTo("hello");
            assertThat(Files.getPosixFilePermissions(SOCKET)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(server.addresses()).containsExactly(BinrpcAddress.unix(SOCKET));
        }
        assertThat(SOCKET).doesNotExist();
    }

    @Test
    void aDeadNodesSocketIsReplacedALiveOnesIsNot() throws Exception {
        Files.createDirectories(DIR);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(SOCKET));
        }
        assertThat(SOCKET).exists(); // closing leaves the file, as a crash does
        try (BinrpcServer server = server()) {
            assertThat(call("t.hello")).isEqualTo("hello");
            assertThatThrownBy(this::server).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("is in use by another process");
            assertThat(call("t.hello")).as("the live one keeps serving").isEqualTo("hello");
        }
    }

    @Test
    void aFileThatIsNoSocketIsLeftAlone() throws Exception {
        Files.createDirectories(DIR);
        Files.writeString(SOCKET, "not ours");
        assertThatThrownBy(this::server).hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(SOCKET)).isEqualTo("not ours");
    }
}
