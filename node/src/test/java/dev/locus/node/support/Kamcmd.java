package dev.locus.node.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's kamcmd (package kamailio), run as an operator runs it: {@code kamcmd -s <address> method args...}. Missing
 * kamcmd skips the test with a message, except under CI=true, where it fails.
 */
public final class Kamcmd {

    /** What kamcmd printed; it exits 0 on a fault reply too, printing {@code error: CODE - MESSAGE}. */
    public record Output(int exit, String stdout, String stderr) {

        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private final Path binary;
    private final String address;

    private Kamcmd(Path binary, String address) {
        this.binary = binary;
        this.address = address;
    }

    /** kamcmd talking to {@code address} ({@code unix:/path}, {@code tcp:host:port}, {@code udp:host:port}). */
    public static Kamcmd at(String address) {
        return new Kamcmd(require(), address);
    }

    public static Path require() {
        List<Path> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(d, "kamcmd"));
        }
        candidates.add(Path.of("/usr/sbin/kamcmd"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "kamcmd is not installed (apt-get install -y kamailio): skipping the binrpc interop test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message.replace("skipping", "CI must run"));
        }
        System.err.println("*** " + message);
        Assumptions.abort(message);
        return null;
    }

    public Output run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "-s", address));
        argv.addAll(List.of(command));
        // Files, not pipes: a large ul.dump would fill a pipe nobody reads while we wait.
        Path out = Files.createTempFile("binrpc-kamcmd", ".out");
        Path err = Files.createTempFile("binrpc-kamcmd", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kamcmd " + String.join(" ", command) + " did not finish within 15 s");
            }
            return new Output(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** stdout, asserting kamcmd itself reported no trouble. */
    public String print(String... command) throws IOException, InterruptedException {
        Output out = run(command);
        if (out.exit() != 0 || !out.stderr().isEmpty()) {
            throw new AssertionError("kamcmd " + String.join(" ", command) + " exited " + out.exit() + ": " + out.stderr()
                    + out.stdout());
        }
        return out.stdout();
    }
}
