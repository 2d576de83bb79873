package dev.locus.migrations;

import java.util.Objects;

/**
 * The MySQL/MariaDB connection settings. The password is never part of {@link #toString()}, not even where the
 * URL carries it.
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

    /**
     * The text with every password a JDBC URL can carry replaced by {@code ****}: {@code password=} properties
     * (MySQL's {@code password1=}, {@code trustCertificateKeyStorePassword=} and the like too, in the query or in
     * {@code (key=value)} host form) and the {@code user:password@} of each host. Safe on any text.
     */
    public static String maskSecrets(String text) {
        return text.replaceAll("(?i)([a-z0-9_]*password[0-9]*=)[^&;)]*", "$1****")
                .replaceAll("(//|,)([^/@,:?()]*):([^/?]*)@", "$1$2:****@");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + maskSecrets(url) + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + ", migrateOnStart=" + migrateOnStart + ", adoptExisting=" + adoptExisting + "]";
    }
}
