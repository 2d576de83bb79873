package dev.locus.node;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/locus, the README's way to run a node: the JVM settings it gives the built jar, and its arguments passed on. */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "locus").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "locus.jar").toAbsolutePath();

    private record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString());
        builder.command().addAll(java.util.List.of(args));
        builder.environment().remove("LOCUS_HEAP");
        builder.environment().remove("LOCUS_JAVA_OPTS");
        builder.environment().put("LOCUS_JAR", JAR.toString());
        builder.environment().putAll(env);
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void runsTheJarWithAFixedPretouchedHeapAndExitOnOutOfMemoryAndPassesItsArgumentsOn() throws Exception {
        Run run = run(Map.of("LOCUS_HEAP", "64m", "LOCUS_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("-XX:InitialHeapSize=67108864", "-XX:MaxHeapSize=67108864",
                "-XX:+AlwaysPreTouch", "-XX:+ExitOnOutOfMemoryError").containsPattern("(?m)^locus \\S+");
    }

    @Test
    void theDefaultHeapIsOneGigabyteAndAnEmptyLocusHeapLeavesItToTheJvm() throws Exception {
        Run byDefault = run(Map.of("LOCUS_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
        assertThat(byDefault.output()).contains("-XX:MaxHeapSize=1073741824", "-XX:+AlwaysPreTouch");
        Run jvms = run(Map.of("LOCUS_HEAP", "", "LOCUS_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
        assertThat(jvms.exit()).isZero();
        assertThat(jvms.output()).doesNotContain("-XX:+AlwaysPreTouch", "-XX:MaxHeapSize=1073741824")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void saysSoWhenTheJarIsNotBuilt() throws Exception {
        Run run = run(Map.of("LOCUS_JAR", "/nonexistent/locus.jar"), "--version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("no /nonexistent/locus.jar: build it first");
    }
}
