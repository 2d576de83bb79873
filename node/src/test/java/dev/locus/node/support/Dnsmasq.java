package dev.locus.node.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for discovery tests: dnsmasq (Debian's package) on 127.0.0.1 and a free port, answering A
 * records from a hosts file that {@link #publish} rewrites (dnsmasq re-reads it on SIGHUP), plus fixed SRV records.
 * Missing dnsmasq skips the test with a message, except under CI=true.
 */
public final class Dnsmasq implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    public Dnsmasq(Path dir) throws IOException {
        this.dir = dir;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            this.port = probe.getLocalPort();
        }
    }

    public static Path require() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String message = "dnsmasq is not installed (apt-get install -y dnsmasq): skipping the DNS discovery test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message.replace("skipping", "CI must run"));
        }
        System.err.println("*** " + message);
        Assumptions.abort(message);
        return null;
    }

    /** @param srv SRV records as dnsmasq's {@code --srv-host} values ({@code name,target,port}) */
    public Dnsmasq start(Map<String, List<String>> names, List<String> srv) throws IOException {
        Path binary = require();
        publish(names);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-k", "-p", Integer.toString(port),
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + dir.resolve("hosts"), "-C", "/dev/null", "--user=root",
                "--pid-file=" + dir.resolve("dnsmasq.pid")));
        srv.forEach(s -> command.add("--srv-host=" + s));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        return this;
    }

    /** Rewrites the A records (name → addresses) and makes dnsmasq read them again. */
    public void publish(Map<String, List<String>> names) throws IOException {
        StringBuilder hosts = new StringBuilder();
        names.forEach((name, ips) -> ips.forEach(ip -> hosts.append(ip).append(' ').append(name).append('\n')));
        Files.writeString(dir.resolve("hosts"), hosts.toString());
        if (process != null && process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the server stops answering (queries wait unanswered) until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT: answers again (the queries that waited meanwhile too, to clients that gave up on them). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    public String server() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
