package dev.locus.migrations;

import com.zaxxer.hikari.HikariDataSource;
import dev.locus.migrations.testdb.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Migrations on a real MySQL/MariaDB: on an empty database, and over one that Kamailio 5.6's own SQL created. */
class MigrationsIT {

    private static final Path KAMAILIO_SQL = Path.of("/usr/share/kamailio/mysql");
    private static final List<String> KAMAILIO_SCRIPTS = List.of("standard-create.sql", "auth_db-create.sql",
            "uac-create.sql", "usrloc-create.sql", "htable-create.sql");
    private static final List<String> TABLES = List.of("version", "subscriber", "uacreg", "location",
            "location_attrs", "htable");

    @RegisterExtension
    static final TestDatabase EMPTY = new TestDatabase();
    @RegisterExtension
    static final TestDatabase FRESH = new TestDatabase();
    @RegisterExtension
    static final TestDatabase KAMAILIO = new TestDatabase();

    private static DataSource dataSource(TestDatabase db) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setUsername(db.user());
        ds.setPassword(db.password());
        ds.setMaximumPoolSize(2);
        return ds;
    }

    private static void createWithKamailiosOwnSql(TestDatabase db) throws Exception {
        if (!Files.exists(KAMAILIO_SQL.resolve("standard-create.sql"))) {
            String message = "Kamailio's MySQL schema is not installed (apt-get install -y kamailio-mysql-modules)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            System.err.println("*** skipping: " + message);
            Assumptions.abort(message);
        }
        for (String script : KAMAILIO_SCRIPTS) {
            db.runScript(Files.readString(KAMAILIO_SQL.resolve(script)));
        }
    }

    private static List<String> query(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** Every column (type, default, nullability, key) and index of Kamailio's tables, in a comparable form. */
    private static Map<String, List<String>> schema(TestDatabase db) throws Exception {
        Map<String, List<String>> schema = new TreeMap<>();
        schema.put("columns", query(db, "SELECT table_name, column_name, ordinal_position, column_type, column_default,"
                + " is_nullable, extra FROM information_schema.columns WHERE table_schema = '" + db.name()
                + "' AND table_name IN ('" + String.join("','", TABLES) + "') ORDER BY table_name, ordinal_position"));
        schema.put("indexes", query(db, "SELECT table_name, index_name, non_unique, seq_in_index, column_name"
                + " FROM information_schema.statistics WHERE table_schema = '" + db.name()
                + "' AND table_name IN ('" + String.join("','", TABLES) + "') ORDER BY table_name, index_name, seq_in_index"));
        schema.put("versions", query(db, "SELECT table_name, table_version FROM version ORDER BY table_name"));
        return schema;
    }

    @Test
    void migratingAnEmptyDatabaseCreatesKamailiosTablesAndIsIdempotent() throws Exception {
        Migrations migrations = new Migrations(dataSource(EMPTY));
        MigrationReport first = migrations.migrate(false);
        assertThat(first.applied()).isEqualTo(1);
        assertThat(first.toVersion()).isEqualTo("1");
        assertThat(query(EMPTY, "SELECT table_name, table_version FROM version ORDER BY table_name"))
                .containsExactly("htable|2", "location|9", "location_attrs|1", "subscriber|7", "uacreg|5", "version|1");
        assertThat(migrations.migrate(false).applied()).isZero();
    }

    @Test
    void theMigratedSchemaIsKamailiosSchemaAndAnExistingKamailioDatabaseIsAdoptedWithoutLosingARow() throws Exception {
        createWithKamailiosOwnSql(KAMAILIO);
        Map<String, List<String>> kamailios = schema(KAMAILIO);
        new Migrations(dataSource(FRESH)).migrate(false);
        assertThat(schema(FRESH)).isEqualTo(kamailios);

        KAMAILIO.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('alice', 'example.com', 'secret', 'h1', 'h1b');
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_proxy, expires)
                  VALUES ('trunk1', 'in', 'example.com', 'out', 'carrier.example', 'carrier.example', 'out', 'pw', 'sip:carrier.example', 360);
                UPDATE version SET table_version = 99 WHERE table_name = 'htable';
                """);
        List<String> subscribersBefore = query(KAMAILIO, "SELECT * FROM subscriber ORDER BY id");
        List<String> uacregBefore = query(KAMAILIO, "SELECT * FROM uacreg ORDER BY id");
        List<String> versionsBefore = query(KAMAILIO, "SELECT * FROM version ORDER BY id");

        Migrations migrations = new Migrations(dataSource(KAMAILIO));
        assertThatThrownBy(() -> migrations.migrate(false))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("--adopt");
        MigrationReport adopted = migrations.migrate(true);
        assertThat(adopted.toVersion()).isEqualTo("1");

        assertThat(query(KAMAILIO, "SELECT * FROM subscriber ORDER BY id")).isEqualTo(subscribersBefore);
        assertThat(query(KAMAILIO, "SELECT * FROM uacreg ORDER BY id")).isEqualTo(uacregBefore);
        assertThat(query(KAMAILIO, "SELECT * FROM version ORDER BY id")).isEqualTo(versionsBefore);
        assertThat(migrations.migrate(true).applied()).isZero();
    }
}
