package dev.locus.node.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The reference's test carrier: a real Kamailio 5.6 started from {@code kamailio-carrier.cfg} (digest-challenging
 * registrar, realm carrier.example, password trunkpw for every user, min_expires 20 with 423), moved to the given
 * loopback address. Its DMQ is pointed at itself so it talks to no test node. Missing Kamailio skips the test with
 * a message, except under CI=true.
 */
public final class Carrier implements AutoCloseable {

    private static final String REFERENCE_IP = "127.0.0.21";

    private final String ip;
    private final Path dir;
    private final String dbUrl;
    private final KamailioRpc rpc;
    private Process process;

    /** @param dbUrl Kamailio's form, mysql://user:password@host:port/db (for the carrier's DB-backed htable) */
    public Carrier(String ip, Path dir, String dbUrl) {
        this.ip = ip;
        this.dir = dir;
        this.dbUrl = dbUrl;
        this.rpc = new KamailioRpc(URI.create("http://" + ip + ":8021/RPC"));
    }

    /** Kamailio's database URL for a JDBC URL and its credentials. */
    public static String kamailioDbUrl(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int query = rest.indexOf('?');
        return "mysql://" + user + ":" + password + "@" + (query >= 0 ? rest.substring(0, query) : rest);
    }

    public String ip() {
        return ip;
    }

    public Carrier start() throws IOException {
        Path binary = Kamailio.require();
        String cfg;
        try (InputStream in = Carrier.class.getResourceAsStream("/kamailio/kamailio-carrier.cfg")) {
            cfg = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        cfg = cfg.replace("modparam(\"dmq\", \"notification_address\", \"sip:127.0.0.22:5060\")",
                "modparam(\"dmq\", \"notification_address\", \"sip:" + REFERENCE_IP + ":5060\")");
        cfg = cfg.replace(REFERENCE_IP, ip);
        Path config = dir.resolve("kamailio-carrier.cfg");
        Files.writeString(config, cfg);
        Path run = Files.createDirectories(dir.resolve("carrier-run"));
        process = new ProcessBuilder(List.of(binary.toString(), "-f", config.toString(), "-DD", "-E", "-m", "64",
                "-M", "8", "-P", run.resolve("kamailio.pid").toString(), "-Y", run.toString(), "-w", dir.toString(),
                "-A", "CTLSOCK=\"unix:" + run.resolve("ctl.sock") + "\"", "-A", "FIFO=\"" + run.resolve("rpc.fifo") + "\"",
                "-A", "DBURL=\"" + dbUrl + "\""))
                .redirectErrorStream(true).redirectOutput(dir.resolve("carrier.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> rpc("core.version").has("result"));
        return this;
    }

    public JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        return rpc.call(method, params);
    }

    /** The Contact addresses the carrier holds for {@code sip:user@carrier.example} (use_domain 0: by user). */
    public List<String> contacts(String user) throws IOException, InterruptedException {
        return rpc.contacts(user);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("carrier.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
