package dev.locus.node;

import dev.locus.node.cli.LocusCtl;
import dev.locus.node.config.ConfigException;
import dev.locus.node.config.LocusConfig;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * {@code java -jar locus.jar} runs a node; {@code java -jar locus.jar ctl METHOD ...} is {@code locusctl}.
 */
@Command(name = "locus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs a Locus node (SIP registrar and location service).")
public final class Main implements Callable<Integer> {

    /** The node stopped itself because it could not serve any more (its Hazelcast member ended): restart it. */
    static final int EXIT_FAILED = 3;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (properties); also LOCUS_CONFIG. Environment variables LOCUS_<KEY> override it.")
    private Path configFile;

    public static void main(String[] args) {
        AsyncPool.ensureParallelism();
        CommandLine cli = new CommandLine(new Main()).addSubcommand("ctl", new LocusCtl())
                .addSubcommand("migrate", new MigrateCommand());
        System.exit(cli.execute(args));
    }

    static Optional<Path> configFile(Path option) {
        return Optional.ofNullable(option)
                .or(() -> Optional.ofNullable(System.getenv("LOCUS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
    }

    @Override
    public Integer call() throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler(new UncaughtExceptions());
        LocusConfig config;
        try {
            config = LocusConfig.load(configFile(configFile), System.getenv());
        } catch (ConfigException e) {
            System.err.println("locus: configuration error: " + e.getMessage());
            return 2;
        }
        warnUnlessOutOfMemoryExits();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        LocusNode node;
        try {
            node = LocusNode.start(config, Clock.systemUTC(), () -> exit.complete(EXIT_FAILED));
        } catch (ConfigException e) {
            System.err.println("locus: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            exit.complete(0);
        }, "locus-shutdown"));
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * After an OutOfMemoryError a JVM may go on with some threads dead (the SIP threads, Hazelcast's): a node must
     * exit instead, for its supervisor to restart it. The flag cannot be set from inside the JVM.
     */
    private static void warnUnlessOutOfMemoryExits() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean exits = hotspot == null || Stream.of("ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError")
                .anyMatch(flag -> Boolean.parseBoolean(hotspot.getVMOption(flag).getValue()));
        if (!exits) {
            LoggerFactory.getLogger(Main.class).warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: after an "
                    + "OutOfMemoryError the node could go on half-dead instead of exiting; add it to the java command");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"locus " + LocusNode.version()};
        }
    }
}
