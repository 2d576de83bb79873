package dev.locus.uacreg.trunk;

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
public final class JdbcUacregSource {

    public static final int TABLE_VERSION = 5;
    private static final String VERSION = "SELECT table_version FROM version WHERE table_name = 'uacreg'";
    private static final String ROWS = "SELECT id, l_uuid, l_username, l_domain, r_username, r_domain, realm, "
            + "auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket "
            + "FROM uacreg ORDER BY id";

    private final DataSource dataSource;

    public JdbcUacregSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws UacregLoadException when the table cannot be read or has another version */
    public List<TrunkLoad> load() {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(VERSION); ResultSet rs = s.executeQuery()) {
                int version = rs.next() ? rs.getInt(1) : -1;
                if (version != TABLE_VERSION) {
                    throw new UacregLoadException("uacreg table version is " + (version < 0 ? "missing" : version)
                            + ", expected " + TABLE_VERSION + " (Kamailio 5.6 schema)");
                }
            }
            List<TrunkLoad> loads = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(ROWS); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    loads.add(TrunkRules.load(new UacregRow(rs.getLong(1), text(rs, 2), text(rs, 3), text(rs, 4),
                            text(rs, 5), text(rs, 6), text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10),
                            text(rs, 11), rs.getInt(12), rs.getInt(13), rs.getInt(14), text(rs, 15), text(rs, 16))));
                }
            }
            return loads;
        } catch (SQLException e) {
            throw new UacregLoadException("cannot read uacreg: " + e.getMessage(), e);
        }
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? "" : v;
    }
}
