package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.Sockets;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TCP caps are on what peers open, never on what the node opens itself: with every slot taken by peers, a trunk
 * REGISTER over TCP still goes out on a connection of the node's own and its 200 comes back on it.
 */
class TcpLimitsTrunkIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String HOST = "127.0.0.248";
    private static final String CARRIER = "127.0.0.249";
    private static final int CARRIER_PORT = 16220;
    private static final List<String> PEERS = List.of("127.0.0.247", "127.0.0.250");

    @Test
    void aTrunkRegisterOverTcpGoesOutAndIsAnsweredWhileThePeersHoldEveryConnectionSlot() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 16231);
        TestNodes.withDatabase(settings, DB.url(), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.enabled", "false");
        settings.put("uacreg.random_delay_ms", "0");
        settings.put("sip.tcp_max_connections", Integer.toString(PEERS.size()));
        settings.put("sip.tcp_max_connections_per_ip", "1");
        List<Socket> peers = new ArrayList<>();
        try (TcpRegistrar carrier = new TcpRegistrar(new InetSocketAddress(CARRIER, CARRIER_PORT));
             LocusNode node = TestNodes.start(settings, InstantSource.system())) {
            RpcClient rpc = new RpcClient(node.rpcAddress());
            for (String peer : PEERS) {
                peers.add(connect(peer));
            }
            Socket overCap = connect("127.0.0.249");
            peers.add(overCap);
            await().atMost(Duration.ofSeconds(5)).until(() -> Sockets.closedByNode(overCap));

            DB.runScript("INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, "
                    + "auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, "
                    + "socket) VALUES ('tcp_trunk', 'tina', 'client.example', 'tcpuser', 'carrier.example', '', "
                    + "'tcpuser', 'pw', '', 'sip:" + CARRIER + ":" + CARRIER_PORT + ";transport=tcp', 600, 0, 0, '', '');");
            rpc.result("uac.reg_reload");

            await().atMost(Duration.ofSeconds(15)).until(() ->
                    rpc.result("uac.reg_info", "l_uuid", "tcp_trunk").get("state").asText().equals("registered"));
            assertThat(carrier.registers).as("REGISTERs the carrier answered").isNotEmpty()
                    .allSatisfy(from -> assertThat(from).isEqualTo(HOST));
            for (Socket peer : peers.subList(0, PEERS.size())) {
                assertThat(Sockets.closedByNode(peer)).as("a peer's admitted connection").isFalse();
            }
        } finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
    }

    private static Socket connect(String source) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        try {
            s.connect(new InetSocketAddress(HOST, 5060), 5000);
        } catch (SocketException e) {
            s.close();
        }
        return s;
    }

    /** A carrier over TCP that answers every REGISTER 200 with its Contact, and notes whose connection it came on. */
    private static final class TcpRegistrar implements AutoCloseable {

        private final ServerSocket server;
        final List<String> registers = new CopyOnWriteArrayList<>();

        TcpRegistrar(InetSocketAddress address) throws IOException {
            server = new ServerSocket();
            server.bind(address);
            Thread acceptor = new Thread(this::serve, "tcp-carrier");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> answer(s), "tcp-carrier-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readHeaders(in);
                    if (request == null) {
                        return;
                    }
                    registers.add(s.getInetAddress().getHostAddress());
                    StringBuilder reply = new StringBuilder("SIP/2.0 200 OK\r\n");
                    for (String line : request.split("\r\n")) {
                        String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase() : "";
                        switch (name) {
                            case "via", "from", "call-id", "cseq" -> reply.append(line).append("\r\n");
                            case "to" -> reply.append(line).append(";tag=carrier\r\n");
                            case "contact" -> reply.append(line).append(";expires=600\r\n");
                            default -> { }
                        }
                    }
                    reply.append("Content-Length: 0\r\n\r\n");
                    out.write(reply.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // The node closed its connection.
            }
        }

        /** One message's start line and headers (REGISTERs have no body here); null at the end of the stream. */
        private static String readHeaders(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (head.size() == 0 && (b == '\r' || b == '\n')) {
                    continue;
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
