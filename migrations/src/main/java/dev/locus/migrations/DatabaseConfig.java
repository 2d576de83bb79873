package dev.locus.migrations;

import java.util.Objects;

/**
 * The MySQL/MariaDB connection settings. The password is never part of {@link #toString()}.
 *
 * @param url      JDBC URL, e.g. {@code jdbc:mysql://127.0.0.1:3306/kamailio}; empty means no database
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, boolean migrateOnStart,
                             boolean adoptExisting) {

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (poolSize < 1) {
            throw new IllegalArgumentException("db.pool_size=" + poolSize + " must be at least 1");
        }
    }

    public boolean configured() {
        return !url.isBlank();
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + ", migrateOnStart=" + migrateOnStart + ", adoptExisting=" + adoptExisting + "]";
    }
}
