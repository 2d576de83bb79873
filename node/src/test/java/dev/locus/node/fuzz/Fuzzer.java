package dev.locus.node.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The fuzzer from the command line, against a node already running ({@code bench/fuzz.sh} starts one):
 *
 * <pre>
 * java -cp node/target/test-classes:node/target/locus.jar dev.locus.node.fuzz.Fuzzer \
 *     --log NODE_LOG [--pid NODE_PID] [--seed N] [--messages N] [--rate N] [--node 127.0.0.251] ...
 * java ... dev.locus.node.fuzz.Fuzzer --replay SEED:INDEX [--send] [same addresses as the run]
 * </pre>
 *
 * Exit status 0 when the run found no misbehaviour, 1 when it found some, 2 on a usage error. {@code --replay}
 * prints message INDEX of SEED (bytes other than printable ASCII as {@code \xNN}) and, with {@code --send}, sends it
 * to where the run sent it and prints the answer. A message sent over TCP is replayed on a fresh connection: what
 * the messages before it left on the run's connection is not part of it.
 */
public final class Fuzzer {

    private Fuzzer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("seed", Long.toString(System.nanoTime() & 0xFFFFFFFFL),
                "messages", "1000000", "rate", "1000", "node", "127.0.0.251", "sip-port", "5060", "dmq-port", "5090",
                "rpc-port", "16401", "fuzz-host", "127.0.0.253", "peer-host", "127.0.0.252", "peer-port", "5090"));
        o.putAll(Map.of("probe-host", "127.0.0.254", "sender-port", "16450", "tcp", "4", "probe-every-ms", "1000",
                "keep", "50", "log", "", "pid", "0"));
        boolean send = false;
        String replay = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--send")) {
                send = true;
            } else if (a.equals("--replay") && i + 1 < args.length) {
                replay = args[++i];
            } else if (a.startsWith("--") && i + 1 < args.length && o.containsKey(a.substring(2))) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown or incomplete option " + a + "; options: --replay SEED:INDEX [--send], "
                        + o.keySet().stream().sorted().map(k -> "--" + k).toList());
                System.exit(2);
            }
        }
        long pid = Long.parseLong(o.get("pid"));
        BooleanSupplier alive = pid == 0 ? () -> true
                : () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        FuzzRun.Settings settings = new FuzzRun.Settings(Long.parseLong(o.get("seed")), Long.parseLong(o.get("messages")),
                Integer.parseInt(o.get("rate")), o.get("node"), Integer.parseInt(o.get("sip-port")),
                Integer.parseInt(o.get("dmq-port")), Integer.parseInt(o.get("rpc-port")), o.get("fuzz-host"),
                o.get("peer-host"), Integer.parseInt(o.get("peer-port")), o.get("probe-host"),
                Integer.parseInt(o.get("sender-port")), Integer.parseInt(o.get("tcp")),
                Duration.ofMillis(Long.parseLong(o.get("probe-every-ms"))), Integer.parseInt(o.get("keep")),
                Path.of(o.get("log")), alive);
        if (replay != null) {
            replay(settings, replay, send);
            return;
        }
        if (o.get("log").isEmpty()) {
            System.err.println("--log NODE_LOG is required: the run checks what the node logged");
            System.exit(2);
        }
        FuzzRun.Result result = new FuzzRun(settings, System.out).run();
        System.exit(result.misbehaviours().isEmpty() ? 0 : 1);
    }

    private static void replay(FuzzRun.Settings settings, String which, boolean send) throws IOException {
        String[] parts = which.split(":");
        long seed = Long.parseLong(parts[0]);
        long index = Long.parseLong(parts[1]);
        FuzzCase c = new Generator(seed, FuzzRun.addresses(settings)).generate(index);
        System.out.printf("seed %d index %d: %s, template %s, mutations %s, %d bytes%n%s%n", seed, index,
                c.target().label, c.template(), c.mutations(), c.bytes().length, c.printable());
        if (!send) {
            return;
        }
        Generator.Addresses a = FuzzRun.addresses(settings);
        InetSocketAddress to = new InetSocketAddress(settings.nodeHost(),
                c.target() == Target.SIP_UDP || c.target() == Target.SIP_TCP ? settings.sipPort() : settings.dmqPort());
        if (c.target() == Target.SIP_TCP) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(settings.fuzzHost()), 0));
                s.connect(to, 5_000);
                s.setSoTimeout(5_000);
                s.getOutputStream().write(c.bytes());
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] answer = new byte[65_535];
                int n = in.read(answer);
                System.out.println(n < 0 ? "(connection closed by the node, no answer)"
                        : "answer:\n" + new String(answer, 0, n, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                System.out.println("(no answer within 5 s)");
            }
            return;
        }
        String sender = switch (c.target()) {
            case SIP_UDP -> a.udpSender();
            case DMQ_STRANGER -> a.strangerSender();
            default -> a.peerSender();
        };
        String host = sender.substring(0, sender.lastIndexOf(':'));
        int port = Integer.parseInt(sender.substring(sender.lastIndexOf(':') + 1));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port))) {
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(c.bytes(), c.bytes().length, to));
            DatagramPacket answer = new DatagramPacket(new byte[65_535], 65_535);
            socket.receive(answer);
            System.out.println("answer:\n" + new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            System.out.println("(no answer within 5 s)");
        }
    }
}
