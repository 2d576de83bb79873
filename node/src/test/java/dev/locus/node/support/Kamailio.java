package dev.locus.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Kamailio 5.6 (Debian's package) on one loopback address, started from one of the fixture configs in
 * {@code kamailio/}: the DMQ node of the reference ({@code kamailio-dmq-node.cfg}: SIP 5060, DMQ 5090), or the
 * forking, record-routing proxy of the location service ({@code kamailio-proxy.cfg}: SIP 5060 over UDP and TCP);
 * JSON-RPC on 8080 in both. Missing Kamailio skips the test with a message, except under CI=true, where it fails.
 */
public final class Kamailio implements AutoCloseable {

    private final String ip;
    private final Path dir;
    private final String config;
    private final List<String> substitutions;
    private final KamailioRpc rpc;
    private Process process;

    /** A DMQ node whose notification address (its seed) is {@code seed}, e.g. {@code sip:127.0.0.12:5090}. */
    public Kamailio(String ip, String seed, Path dir) {
        this(ip, dir, "kamailio-dmq-node.cfg",
                List.of("!NODE_IP!" + ip + "!", "!SEED_URI!" + seed + "!", "!MULTI_NOTIFY!0!"));
    }

    private Kamailio(String ip, Path dir, String config, List<String> substitutions) {
        this(ip, dir, config, substitutions, 8080);
    }

    private Kamailio(String ip, Path dir, String config, List<String> substitutions, int rpcPort) {
        this.ip = ip;
        this.dir = dir;
        this.config = config;
        this.substitutions = substitutions;
        this.rpc = new KamailioRpc(URI.create("http://" + ip + ":" + rpcPort + "/RPC"));
    }

    /**
     * A DMQ node sharing htable tables ({@code kamailio-htable-node.cfg}: tables plain, timed (autoexpire=600),
     * counters (initval=0), replicated, and local; {@code $shtinc} and removals through OPTIONS headers) on the
     * given ports of {@code ip}.
     */
    public static Kamailio htableNode(String ip, String seed, int sipPort, int dmqPort, int rpcPort, Path dir) {
        return new Kamailio(ip, dir, "kamailio-htable-node.cfg", List.of("!NODE_IP!" + ip + "!", "!SEED_URI!" + seed + "!",
                "!SIP_PORT!" + sipPort + "!", "!DMQ_PORT!" + dmqPort + "!", "!RPC_PORT!" + rpcPort + "!"), rpcPort);
    }

    /**
     * A DMQ node whose script drops requests from sources in the shared {@code ipban} htable, as an operator's pike
     * script does ({@code kamailio-ipban-node.cfg}); OPTIONS otherwise 200.
     */
    public static Kamailio ipbanNode(String ip, String seed, int sipPort, int dmqPort, int rpcPort, Path dir) {
        return new Kamailio(ip, dir, "kamailio-ipban-node.cfg", List.of("!NODE_IP!" + ip + "!", "!SEED_URI!" + seed + "!",
                "!SIP_PORT!" + sipPort + "!", "!DMQ_PORT!" + dmqPort + "!", "!RPC_PORT!" + rpcPort + "!"), rpcPort);
    }

    /**
     * A DMQ node that is also its users' edge proxy ({@code kamailio-dmq-proxy-node.cfg}: SIP on udp and tcp 5060,
     * NATed REGISTERs stored with received, its socket replicated, requests relayed to it delivered by alias).
     */
    public static Kamailio dmqProxyNode(String ip, String seed, Path dir) {
        return new Kamailio(ip, dir, "kamailio-dmq-proxy-node.cfg",
                List.of("!NODE_IP!" + ip + "!", "!SEED_URI!" + seed + "!", "!MULTI_NOTIFY!0!"));
    }

    /** The reference proxy and registrar of the location service: SIP on udp and tcp {@code ip}:5060. */
    public static Kamailio proxy(String ip, Path dir) {
        return new Kamailio(ip, dir, "kamailio-proxy.cfg", List.of("!PROXY_IP!" + ip + "!"));
    }

    /**
     * A plain registrar with cfg_rpc and corex ({@code kamailio-rpc.cfg}: SIP on udp and tcp {@code ip}:5060), the
     * reference for the core, corex and cfg RPC methods.
     */
    public static Kamailio rpcNode(String ip, Path dir) {
        return new Kamailio(ip, dir, "kamailio-rpc.cfg", List.of("!NODE_IP!" + ip + "!"));
    }

    public static Path require() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "kamailio");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path sbin = Path.of("/usr/sbin/kamailio");
        if (Files.isExecutable(sbin)) {
            return sbin;
        }
        String message = "Kamailio is not installed (apt-get install -y kamailio): skipping the interop test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message.replace("skipping", "CI must run"));
        }
        System.err.println("*** " + message);
        Assumptions.abort(message);
        return sbin;
    }

    /** The same Kamailio with its ctl module serving binrpc (for kamcmd) on {@code listen}, e.g. {@code tcp:IP:PORT}. */
    public Kamailio withBinrpc(String listen) {
        List<String> more = new ArrayList<>(substitutions);
        more.add("!CTL_LISTEN!" + listen + "!");
        return new Kamailio(ip, dir, config, more);
    }

    public String ip() {
        return ip;
    }

    public Kamailio start() throws IOException {
        Path binary = require();
        Path file = dir.resolve(config);
        try (InputStream in = Kamailio.class.getResourceAsStream("/kamailio/" + config)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path run = Files.createDirectories(dir.resolve("run"));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-f", file.toString(), "-DD", "-E",
                "-m", "64", "-M", "8", "-P", dir.resolve("kamailio.pid").toString(), "-Y", run.toString(),
                "-w", dir.toString()));
        for (String substitution : substitutions) {
            command.addAll(List.of("--substdef", substitution));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20))
                .failFast("Kamailio exited while starting, see " + dir.resolve("kamailio.log"),
                        () -> !process.isAlive())
                .ignoreExceptions().until(() -> rpc("core.version").has("result"));
        return this;
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * SIGSTOP to Kamailio and all its processes: it stops dead, sockets open and silent, as an overloaded node that
     * answers nothing would.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
        process.descendants().forEach(p -> command.add(Long.toString(p.pid())));
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + rc);
        }
    }

    public JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        return rpc.call(method, params);
    }

    /** Contact addresses of an AOR in this Kamailio's usrloc (empty when not found). */
    public List<String> lookup(String aor) throws IOException, InterruptedException {
        return rpc.contacts(aor);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
