package dev.locus.migrations.testdb;

import com.zaxxer.hikari.HikariDataSource;
import dev.locus.migrations.Migrations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Gives a test class a real, empty MySQL/MariaDB database of its own, dropped afterwards. The server comes from
 * Testcontainers' MySQL module when a Docker engine answers; otherwise from a local server named by
 * {@code LOCUS_TEST_DB_URL} (a server URL such as {@code jdbc:mysql://127.0.0.1:3306/}), {@code LOCUS_TEST_DB_USER}
 * and {@code LOCUS_TEST_DB_PASSWORD} ({@code bin/test} sets these up). With neither, the tests are skipped with
 * a message, except under {@code CI=true}, where that fails the run.
 *
 * <pre>{@code @RegisterExtension static final TestDatabase DB = new TestDatabase();}</pre>
 */
public final class TestDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private MySQLContainer container;
    private String serverUrl;
    private String user;
    private String password;
    private String name;

    private static final String NO_DATABASE =
            "no Docker engine and no LOCUS_TEST_DB_URL (run bin/test, which sets up the local server)";

    /** Skips the class, saying why, when no database can be had; under CI=true lets it run and fail instead. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getenv("LOCUS_TEST_DB_URL") != null || dockerAnswers()
                || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("a test database is available");
        }
        System.err.println("*** skipping " + context.getDisplayName() + ": no test database: " + NO_DATABASE);
        return ConditionEvaluationResult.disabled("no test database: " + NO_DATABASE);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (dockerAnswers()) {
            container = new MySQLContainer("mysql:8.0").withUsername("locus").withPassword("locus");
            container.start();
            serverUrl = "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306) + "/";
            user = "root";
            password = container.getPassword();
        } else if (System.getenv("LOCUS_TEST_DB_URL") != null) {
            serverUrl = System.getenv("LOCUS_TEST_DB_URL");
            user = System.getenv().getOrDefault("LOCUS_TEST_DB_USER", "");
            password = System.getenv().getOrDefault("LOCUS_TEST_DB_PASSWORD", "");
        } else {
            unavailable(NO_DATABASE);
        }
        name = "locus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            unavailable("cannot create a test database on " + serverUrl + " as " + user + ": " + e.getMessage());
        }
    }

    private static void unavailable(String why) {
        String message = "no test database: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " (CI=true: database tests must run)");
        }
        System.err.println("*** skipping database tests: " + message);
        Assumptions.abort(message);
    }

    private static boolean dockerAnswers() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (name != null && serverUrl != null) {
            try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        }
        if (container != null) {
            container.stop();
        }
    }

    /** JDBC URL of this class's own database. */
    public String url() {
        String separator = serverUrl.endsWith("/") ? "" : "/";
        int query = serverUrl.indexOf('?');
        String base = query >= 0 ? serverUrl.substring(0, query) : serverUrl;
        String params = query >= 0 ? serverUrl.substring(query) : "";
        return base + separator + name + params;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    /** Creates Kamailio's tables in it, as a node does at start-up with {@code db.migrate_on_start}. */
    public void migrate() {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url());
            dataSource.setUsername(user);
            dataSource.setPassword(password);
            dataSource.setMaximumPoolSize(1);
            new Migrations(dataSource).migrate(false);
        }
    }

    /** Runs a SQL script statement by statement (statements end with ';' at the end of a line). */
    public void runScript(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            StringBuilder statement = new StringBuilder();
            for (String line : sql.split("\n")) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    s.execute(statement.toString().trim().replaceAll(";$", ""));
                    statement.setLength(0);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + url() + " as " + user + "]";
    }

}
