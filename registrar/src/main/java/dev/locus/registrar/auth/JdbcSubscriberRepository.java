package dev.locus.registrar.auth;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads Kamailio's {@code subscriber} table. With {@code useDomain} the domain must match too (Kamailio's auth_db
 * {@code use_domain}); without it the username alone identifies the account.
 */
public final class JdbcSubscriberRepository implements SubscriberRepository {

    private static final String BY_USER = "SELECT username, domain, password, ha1, ha1b FROM subscriber WHERE username = ? LIMIT 1";
    private static final String BY_USER_AND_DOMAIN =
            "SELECT username, domain, password, ha1, ha1b FROM subscriber WHERE username = ? AND domain = ? LIMIT 1";

    private final DataSource dataSource;
    private final boolean useDomain;

    public JdbcSubscriberRepository(DataSource dataSource, boolean useDomain) {
        this.dataSource = dataSource;
        this.useDomain = useDomain;
    }

    @Override
    public Optional<Subscriber> find(String username, String domain) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(useDomain ? BY_USER_AND_DOMAIN : BY_USER)) {
            s.setString(1, username);
            if (useDomain) {
                s.setString(2, domain);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Subscriber(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new CredentialsUnavailableException("subscriber lookup failed: " + e.getMessage(), e);
        }
    }
}
