package dev.locus.node.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One sipp process running in the background, e.g. a callee that registers and then waits for a call while the
 * test does other things. Its files stay in its own directory: output, message log ({@code -trace_msg}), the lines
 * its scenario logs ({@code -trace_logs}, {@code <log message="registered"/>}), errors and statistics.
 * A missing sipp skips the test with a message (fails it under CI=true), as {@link Sipp#require()}.
 */
public final class SippAgent implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final Process process;

    private SippAgent(String name, Path dir, Process process) {
        this.name = name;
        this.dir = dir;
        this.process = process;
    }

    /** Starts sipp with these arguments (scenario, keys, transport, addresses) and the tracing ones, in {@code dir}. */
    public static SippAgent start(String name, Path dir, List<String> args) throws IOException {
        Path sipp = Sipp.require();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(sipp.toString());
        command.addAll(args);
        command.addAll(List.of("-nostdin",
                "-trace_msg", "-message_file", file(dir, "messages.log"),
                "-trace_logs", "-log_file", file(dir, "logs.log"),
                "-trace_err", "-error_file", file(dir, "errors.log"),
                "-trace_stat", "-stf", file(dir, "stats.csv"), "-fd", "1"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        return new SippAgent(name, dir, process);
    }

    private static String file(Path dir, String name) {
        return dir.resolve(name).toString();
    }

    /** Waits until the scenario has logged this line (a {@code <log>} action), failing at once if sipp ends first. */
    public SippAgent awaitLog(String line, Duration within) {
        await().alias(name + " logs \"" + line + "\"").atMost(within).until(() -> {
            if (logged().contains(line)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before logging \"" + line
                        + "\"\n" + describe());
            }
            return false;
        });
        return this;
    }

    /** The lines the scenario logged so far. */
    public List<String> logged() throws IOException {
        Path log = dir.resolve("logs.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().map(String::trim).toList() : List.of();
    }

    /** Waits for sipp to end by itself (its calls done) and returns its counts. */
    public Sipp.Result awaitExit(Duration within) throws IOException, InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not finish within " + within + "\n" + describe());
        }
        return result();
    }

    /** Ends sipp now (SIGTERM: it closes its calls, writes its last statistics and logs) and returns its counts. */
    public Sipp.Result stop() throws IOException, InterruptedException {
        close();
        return result();
    }

    /** What sipp sent and received so far. */
    public SipTrace trace() throws IOException {
        return SipTrace.read(dir.resolve("messages.log"));
    }

    /** Output, errors and message log, for an assertion's message. */
    public String describe() {
        return "--- " + name + " output:\n" + Sipp.readQuietly(dir.resolve("sipp.out"))
                + "\n--- " + name + " errors:\n" + Sipp.readQuietly(dir.resolve("errors.log"))
                + "\n--- " + name + " messages:\n" + Sipp.readQuietly(dir.resolve("messages.log"));
    }

    private Sipp.Result result() throws IOException {
        return Sipp.result(process.exitValue(), dir.resolve("stats.csv"), describe());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
