package dev.locus.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Brings a MySQL/MariaDB database to Locus's schema: Kamailio 5.6's tables, tracked in Flyway's own history
 * table ({@code locus_schema_history}, so no Kamailio table is touched by the bookkeeping).
 */
public final class Migrations {

    public static final String HISTORY_TABLE = "locus_schema_history";

    private final DataSource dataSource;

    public Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param adoptExisting whether a database that already holds tables (a running Kamailio's) may be taken over:
     *                      the migrations are idempotent and create only what is missing, leaving rows alone.
     *                      Without it such a database is refused, so nobody adopts one by accident.
     */
    public MigrationReport migrate(boolean adoptExisting) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/locus")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(adoptExisting)
                .baselineVersion("0")
                .baselineDescription("adopted existing database")
                .load();
        try {
            MigrateResult result = flyway.migrate();
            return new MigrationReport(result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        } catch (FlywayException e) {
            String hint = !adoptExisting && e.getMessage() != null && e.getMessage().contains("non-empty schema")
                    ? " (the database already has tables: to take over an existing Kamailio database, run "
                    + "'locus migrate --adopt' or set db.adopt_existing=true)"
                    : "";
            throw new MigrationException("database migration failed: " + e.getMessage() + hint, e);
        }
    }
}
