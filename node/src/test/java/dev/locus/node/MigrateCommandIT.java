package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code locus migrate} from the node's command line, on a real database. */
class MigrateCommandIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void migrateCreatesTheTablesAndRefusesToAdoptWithoutBeingAsked(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("locus.properties");
        Files.writeString(config, "db.url=" + DB.url() + "\ndb.user=" + DB.user() + "\ndb.password=" + DB.password() + "\n");
        DB.runScript("CREATE TABLE kamailio_leftover (id INT);");

        assertThat(new CommandLine(new MigrateCommand()).execute("--config", config.toString())).isEqualTo(1);
        assertThat(new CommandLine(new MigrateCommand()).execute("--config", config.toString(), "--adopt")).isZero();
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_version FROM version WHERE table_name = 'subscriber'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
        assertThat(new CommandLine(new MigrateCommand()).execute("--config", config.toString())).isZero();
    }

    @Test
    void migrateWithoutADatabaseSaysSo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("empty.properties");
        Files.writeString(config, "");
        assertThat(new CommandLine(new MigrateCommand()).execute("--config", config.toString())).isEqualTo(2);
    }
}
