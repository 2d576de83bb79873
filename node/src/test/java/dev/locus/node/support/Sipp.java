package dev.locus.node.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real sipp (Debian's sip-tester). Where it is missing the test is skipped with a message saying so,
 * except under CI ({@code CI=true}), where a missing interop peer is a failure: CI installs it.
 */
public final class Sipp {

    private Sipp() {
    }

    public static Path require() {
        Optional<Path> found = onPath("sipp");
        if (found.isEmpty()) {
            String message = "sipp is not installed (apt-get install -y sip-tester): skipping the sipp test";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message.replace("skipping", "CI must run"));
            }
            System.err.println("*** " + message);
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** Counts from sipp's statistics file after a run. */
    public record Result(int exitCode, long successful, long failed, String output) {
    }

    public static Result run(Path sipp, Path workDir, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(sipp.toString());
        command.addAll(args);
        command.addAll(List.of("-nostdin", "-trace_stat", "-fd", "1"));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("sipp.out").toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sipp did not finish within " + timeoutSeconds + " s");
        }
        Path stats;
        try (var files = Files.list(workDir)) {
            stats = files.filter(p -> p.getFileName().toString().endsWith("_.csv")).findFirst()
                    .orElseThrow(() -> new AssertionError("sipp wrote no statistics: " + readQuietly(workDir.resolve("sipp.out"))));
        }
        return result(process.exitValue(), stats, readQuietly(workDir.resolve("sipp.out")));
    }

    /** The result of a finished run: its exit code, the last line of its statistics file ({@code -trace_stat}). */
    static Result result(int exitCode, Path stats, String output) throws IOException {
        if (!Files.exists(stats)) {
            throw new AssertionError("sipp wrote no statistics: " + output);
        }
        List<String> lines = Files.readAllLines(stats);
        String[] header = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        Map<String, Integer> column = new java.util.HashMap<>();
        for (int i = 0; i < header.length; i++) {
            column.put(header[i], i);
        }
        return new Result(exitCode, Long.parseLong(last[column.get("SuccessfulCall(C)")]),
                Long.parseLong(last[column.get("FailedCall(C)")]), output);
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
