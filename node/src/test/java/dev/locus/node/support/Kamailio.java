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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Kamailio 5.6 (Debian's package) started from the DMQ fixture config of the reference
 * ({@code kamailio/kamailio-dmq-node.cfg}) on one loopback address: SIP 5060, DMQ 5090, JSON-RPC 8080. Missing
 * Kamailio skips the test with a message, except under CI=true, where it fails.
 */
public final class Kamailio implements AutoCloseable {

    private final String ip;
    private final String seed;
    private final Path dir;
    private final KamailioRpc rpc;
    private Process process;

    public Kamailio(String ip, String seed, Path dir) {
        this.ip = ip;
        this.seed = seed;
        this.dir = dir;
        this.rpc = new KamailioRpc(URI.create("http://" + ip + ":8080/RPC"));
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

    public String ip() {
        return ip;
    }

    public Kamailio start() throws IOException {
        return start("kamailio-dmq-node.cfg");
    }

    /** Starts with one of the fixture configurations in {@code /kamailio/} (same placeholders as the DMQ node's). */
    public Kamailio start(String configName) throws IOException {
        Path binary = require();
        Path config = dir.resolve(configName);
        try (InputStream in = Kamailio.class.getResourceAsStream("/kamailio/" + configName)) {
            Files.copy(in, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path run = Files.createDirectories(dir.resolve("run"));
        process = new ProcessBuilder(List.of(binary.toString(), "-f", config.toString(), "-DD", "-E", "-m", "64", "-M", "8",
                "-P", dir.resolve("kamailio.pid").toString(), "-Y", run.toString(), "-w", dir.toString(),
                "--substdef", "!NODE_IP!" + ip + "!", "--substdef", "!SEED_URI!" + seed + "!",
                "--substdef", "!MULTI_NOTIFY!0!"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> rpc("core.version").has("result"));
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
