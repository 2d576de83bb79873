package dev.locus.node;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** On a JVM that sees 2 processors (a fresh one, as the common pool's parallelism is read once). */
class AsyncPoolTest {

    /** Prints the common pool's parallelism, after {@link AsyncPool#ensureParallelism()} when asked. */
    public static final class Probe {
        public static void main(String[] args) {
            if (args.length > 0 && args[0].equals("ensure")) {
                AsyncPool.ensureParallelism();
            }
            System.out.print(ForkJoinPool.getCommonPoolParallelism());
        }
    }

    @Test
    void onTwoCoresTheCommonPoolGetsTwoThreadsInsteadOfAThreadPerTask() throws Exception {
        assertThat(probe(List.of())).as("the JDK's own default on 2 cores").isEqualTo("1");
        assertThat(probe(List.of("ensure"))).isEqualTo("2");
    }

    @Test
    void aParallelismSetOnTheCommandLineIsKept() throws Exception {
        assertThat(probe(List.of("-D" + AsyncPool.PARALLELISM + "=3", "ensure"))).isEqualTo("3");
    }

    private static String probe(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path")));
        args.stream().filter(a -> a.startsWith("-D")).forEach(command::add);
        command.add(Probe.class.getName());
        args.stream().filter(a -> !a.startsWith("-D")).forEach(command::add);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The last line: logback may print its status lines first (two logback-test.xml on the class path).
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }
}
