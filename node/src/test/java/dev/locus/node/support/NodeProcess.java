package dev.locus.node.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Locus node in a JVM of its own, started from the built jar ({@code target/locus.jar}) with environment
 * overrides, so that a test can kill it the hard way (SIGKILL), as a crash would.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "locus.jar");

    /** A heap that fits several nodes on the test machine; a test that needs more says so. */
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m");

    private final Map<String, String> environment;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;
    private int openFileLimit;

    public NodeProcess(Map<String, String> environment, Path log) {
        this(environment, log, DEFAULT_JVM_OPTIONS);
    }

    /** @param jvmOptions options for the node's JVM ({@code -Xmx1g}), in place of the default heap */
    public NodeProcess(Map<String, String> environment, Path log, List<String> jvmOptions) {
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Runs the JVM under {@code prlimit --nofile=N:N}: so few descriptors that a test can use them all up. */
    public NodeProcess openFileLimit(int descriptors) {
        this.openFileLimit = descriptors;
        return this;
    }

    public NodeProcess start() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: integration tests run after package");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (openFileLimit > 0) {
            command.addAll(List.of("prlimit", "--nofile=" + openFileLimit + ":" + openFileLimit, "--"));
        }
        // As the README runs a node: a JVM out of memory exits rather than serving half.
        command.addAll(List.of(java, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // As TestNodes: the tests' loads come from loopback at rates the protection's flood limit would ban.
        builder.environment().put("LOCUS_PROTECT_TRUSTED", "127.0.0.0/8");
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** SIGKILL: no goodbye to the cluster, no flushing, exactly a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the JVM stops dead, sockets open and silent, as a long GC pause or a stalled VM would. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + rc);
        }
    }

    /** The JVM's process id: its threads are /proc/PID/task. */
    public long pid() {
        return process.pid();
    }

    /** The exit status once the node has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
