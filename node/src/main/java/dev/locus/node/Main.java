package dev.locus.node;

import dev.locus.node.cli.LocusCtl;
import dev.locus.node.config.ConfigException;
import dev.locus.node.config.LocusConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar locus.jar} runs a node; {@code java -jar locus.jar ctl METHOD ...} is {@code locusctl}.
 */
@Command(name = "locus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs a Locus node (SIP registrar and location service).")
public final class Main implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (properties); also LOCUS_CONFIG. Environment variables LOCUS_<KEY> override it.")
    private Path configFile;

    public static void main(String[] args) {
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
        LocusNode node;
        try {
            node = LocusNode.start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("locus: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "locus-shutdown"));
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"locus " + LocusNode.version()};
        }
    }
}
