package dev.locus.node;

import dev.locus.migrations.ConnectionPool;
import dev.locus.migrations.MigrationException;
import dev.locus.migrations.MigrationReport;
import dev.locus.migrations.Migrations;
import dev.locus.node.config.ConfigException;
import dev.locus.node.config.LocusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code locus migrate [--adopt]}: brings the configured database to Locus's (Kamailio 5.6's) schema and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Creates Kamailio 5.6's tables in the configured database (db.url), then exits.")
final class MigrateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file; also LOCUS_CONFIG.")
    private Path configFile;

    @Option(names = "--adopt", description = "Take over a database that already has tables (an existing Kamailio "
            + "database): create only what is missing, touch no row.")
    private boolean adopt;

    @Override
    public Integer call() {
        try {
            LocusConfig config = LocusConfig.load(Main.configFile(configFile), System.getenv());
            if (!config.database().configured()) {
                System.err.println("locus migrate: no database configured: set db.url (LOCUS_DB_URL)");
                return 2;
            }
            try (ConnectionPool pool = new ConnectionPool(config.database(), "locus-migrate")) {
                MigrationReport report = new Migrations(pool.dataSource())
                        .migrate(adopt || config.database().adoptExisting());
                System.out.println("schema version " + (report.toVersion() == null ? report.fromVersion() : report.toVersion())
                        + ", " + report.applied() + " migration(s) applied");
                return 0;
            }
        } catch (ConfigException e) {
            System.err.println("locus migrate: configuration error: " + e.getMessage());
            return 2;
        } catch (MigrationException e) {
            System.err.println("locus migrate: " + e.getMessage());
            return 1;
        }
    }
}
