package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregLoadException;
import dev.locus.uacreg.UacregRow;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kamailio's {@code uacreg} table (5.6 schema), after checking its version row as Kamailio does: any other
 * version than 5 loads nothing, with an error saying so.
 */
public final class JdbcUacregSource implements CredentialsReader {

    public static final int TABLE_VERSION = 5;
    private static final String VERSION = "SELECT table_version FROM version WHERE table_name = 'uacreg'";
    private static final String ROWS = "SELECT id, l_uuid, l_username, l_domain, r_username, r_domain, realm, "
            + "auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket "
            + "FROM uacreg ORDER BY id";

    private static final String ONE = "SELECT id, l_uuid, l_username, l_domain, r_username, r_domain, realm, "
            + "auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket "
            + "FROM uacreg WHERE l_uuid = ?";

    private static final String SECRETS = "SELECT l_uuid, auth_password, auth_ha1 FROM uacreg";
    private static final String SECRETS_OF_ONE = SECRETS + " WHERE l_uuid = ?";

    private final DataSource dataSource;

    public JdbcUacregSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws UacregLoadException when the table cannot be read or has another version */
    public List<UacregRow> rows() {
        try (Connection c = dataSource.getConnection()) {
            checkVersion(c);
            List<UacregRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(ROWS); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg: " + e.getMessage(), e);
        }
    }

    /** The row of one l_uuid, empty when there is none. */
    public java.util.Optional<UacregRow> row(String lUuid) {
        try (Connection c = dataSource.getConnection()) {
            checkVersion(c);
            try (PreparedStatement s = c.prepareStatement(ONE)) {
                s.setString(1, lUuid);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(row(rs)) : java.util.Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Optional<Credentials> credentials(String lUuid) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SECRETS_OF_ONE)) {
            s.setString(1, lUuid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(credentials(rs)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg credentials: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Map<String, Credentials> allCredentials() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SECRETS);
             ResultSet rs = s.executeQuery()) {
            java.util.Map<String, Credentials> all = new java.util.HashMap<>();
            while (rs.next()) {
                all.put(text(rs, 1), credentials(rs));
            }
            return all;
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg credentials: " + e.getMessage(), e);
        }
    }

    /** Rows per query when reading the secrets of many rows: one round trip per chunk, not per row. */
    private static final int CHUNK = 500;

    @Override
    public java.util.Map<String, Credentials> credentials(java.util.Collection<String> lUuids) {
        java.util.List<String> keys = java.util.List.copyOf(lUuids);
        java.util.Map<String, Credentials> found = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < keys.size(); from += CHUNK) {
                java.util.List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                String sql = SECRETS + " WHERE l_uuid IN (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.put(text(rs, 1), credentials(rs));
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg credentials: " + e.getMessage(), e);
        }
    }

    private static Credentials credentials(ResultSet rs) throws SQLException {
        return new Credentials(text(rs, 2), text(rs, 3));
    }

    private static void checkVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(VERSION); ResultSet rs = s.executeQuery()) {
            int version = rs.next() ? rs.getInt(1) : -1;
            if (version != TABLE_VERSION) {
                throw new UacregLoadException("uacreg table version is " + (version < 0 ? "missing" : version)
                        + ", expected " + TABLE_VERSION + " (Kamailio 5.6 schema)");
            }
        }
    }

    private static UacregRow row(ResultSet rs) throws SQLException {
        return new UacregRow(rs.getLong(1), text(rs, 2), text(rs, 3), text(rs, 4), text(rs, 5), text(rs, 6),
                text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10), text(rs, 11), rs.getInt(12), rs.getInt(13),
                rs.getInt(14), text(rs, 15), text(rs, 16));
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? "" : v;
    }
}
