package dev.locus.node;

import dev.locus.migrations.ConnectionPool;
import dev.locus.migrations.DatabaseConfig;
import dev.locus.migrations.MigrationReport;
import dev.locus.migrations.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** The migrations module in a node: the pool, when a database is configured, migrated first if asked to. */
final class DatabaseAssembly {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAssembly.class);

    private DatabaseAssembly() {
    }

    static Optional<ConnectionPool> open(DatabaseConfig config, Started started) {
        if (!config.configured()) {
            return Optional.empty();
        }
        ConnectionPool pool = started.add(new ConnectionPool(config, "locus-db"));
        log.info("database {}", config);
        if (config.migrateOnStart()) {
            MigrationReport report = new Migrations(pool.dataSource()).migrate(config.adoptExisting());
            log.info("database migrated from {} to {} ({} applied)", report.fromVersion(), report.toVersion(), report.applied());
        }
        return Optional.of(pool);
    }
}
