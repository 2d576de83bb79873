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
 * Debian's kamcli 2.0.0 (package kamcli), its code unchanged, with {@code -c <ini>} naming a config written here.
 * {@link #socket} runs {@code /usr/bin/kamcli} as it is, over {@code [jsonrpc] transport=socket} (a unix datagram
 * socket, jsonrpcs' {@code dgram_socket}). {@link #fifo} uses {@code transport=fifo}, which is Python 2 code
 * ({@code os.write} of a str, a str built from {@code os.read}'s bytes, {@code Thread.isAlive}), so on Debian's
 * Python 3 it fails before sending anything: it is run through a small launcher that adapts those three calls and
 * then starts kamcli's own entry point. Missing kamcli skips the test with a message, except under CI=true, where
 * it fails.
 */
public final class Kamcli {

    /** What kamcli printed: it prints the whole JSON-RPC response (outformat=json), with an empty line first. */
    public record Output(int exit, String stdout, String stderr) {
    }

    private static final String LAUNCHER = String.join("\n",
            "# kamcli 2.0.0 unchanged; only the Python 2 calls of its FIFO transport made to work on Python 3.",
            "import os, sys, threading",
            "_write, _read = os.write, os.read",
            "def write(fd, data):",
            "    return _write(fd, data.encode() if isinstance(data, str) else data)",
            "def read(fd, n):",
            "    try:",
            "        return _read(fd, n).decode()",
            "    except BlockingIOError:",
            "        return ''  # the node has opened the reply FIFO and not yet written: nothing read yet",
            "os.write, os.read = write, read",
            "threading.Thread.isAlive = threading.Thread.is_alive",
            "from pkg_resources import load_entry_point",
            "sys.argv[0] = 'kamcli'",
            "sys.exit(load_entry_point('kamcli==2.0.0', 'console_scripts', 'kamcli')())",
            "");

    private final List<String> program;
    private final Path ini;

    private Kamcli(List<String> program, Path ini) {
        this.program = List.copyOf(program);
        this.ini = ini;
    }

    /**
     * Stock kamcli sending to the unix datagram socket {@code server}; its own reply socket is {@code reply} plus
     * {@code .<pid>}. Its files in {@code dir}.
     */
    public static Kamcli socket(Path dir, Path server, Path reply) throws IOException {
        Path ini = ini(dir, "transport=socket", "srvaddr=" + server, "rcvaddr=" + reply);
        return new Kamcli(List.of(require().toString()), ini);
    }

    /** {@code dir/kamcli.ini}: the domain, JSON-RPC control, JSON output, and {@code jsonrpc} lines of a transport. */
    private static Path ini(Path dir, String... transport) throws IOException {
        require();
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(List.of("[main]", "domain=example.com", "[ctl]", "type=jsonrpc",
                "[jsonrpc]", "outformat=json"));
        lines.addAll(List.of(transport));
        lines.add("");
        Path ini = dir.resolve("kamcli.ini");
        Files.writeString(ini, String.join("\n", lines));
        return ini;
    }

    /**
     * kamcli writing to {@code fifo}, its reply FIFOs ({@code rplnamebase}) in {@code replyDir}; its files in
     * {@code dir}.
     */
    public static Kamcli fifo(Path dir, Path fifo, Path replyDir, String replyName) throws IOException {
        Path ini = ini(dir, "transport=fifo", "path=" + fifo, "rplnamebase=" + replyName, "rpldir=" + replyDir);
        Path launcher = dir.resolve("kamcli_py3.py");
        Files.writeString(launcher, LAUNCHER);
        return new Kamcli(List.of(python(), launcher.toString()), ini);
    }

    public static Path require() {
        Path kamcli = Path.of("/usr/bin/kamcli");
        if (Files.isExecutable(kamcli) && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/kamcli"))) {
            return kamcli;
        }
        String message = "kamcli is not installed (apt-get install -y kamcli): skipping the kamcli interop test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message.replace("skipping", "CI must run"));
        }
        System.err.println("*** " + message);
        Assumptions.abort(message);
        return null;
    }

    /** The interpreter kamcli's own script names (Debian's, not whichever python3 is first on the PATH). */
    private static String python() throws IOException {
        String first = Files.readAllLines(require()).get(0);
        return first.startsWith("#!") ? first.substring(2).trim() : "/usr/bin/python3";
    }

    /** {@code kamcli -c <ini> command...} */
    public Output run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(program);
        argv.addAll(List.of("-c", ini.toString()));
        argv.addAll(List.of(command));
        Path out = Files.createTempFile(ini.getParent(), "kamcli", ".out");
        Path err = Files.createTempFile(ini.getParent(), "kamcli", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kamcli " + String.join(" ", command) + " did not finish within 20 s");
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
