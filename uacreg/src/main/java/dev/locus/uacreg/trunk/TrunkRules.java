package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregRow;

/**
 * Kamailio 5.6's load rules for a {@code uacreg} row ({@code uac_reg_db_to_reg}), in its order and with its
 * messages, except that a rejected row becomes a {@link TrunkLoad.Invalid} to show, not a log line. They need
 * only whether the secrets are set and well formed, so the shared row, which holds no secret, is checked as the
 * database's row is.
 */
public final class TrunkRules {

    private TrunkRules() {
    }

    public static TrunkLoad load(UacregRow row) {
        return load(TrunkRow.of(row, ""));
    }

    public static TrunkLoad load(TrunkRow row) {
        String[][] required = {
                {"l_uuid", row.lUuid()}, {"l_username", row.lUsername()}, {"l_domain", row.lDomain()},
                {"r_username", row.rUsername()}, {"r_domain", row.rDomain()}, {"auth_username", row.authUsername()}};
        for (String[] column : required) {
            if (column[1].isEmpty()) {
                return invalid(row, "empty value not allowed for column '" + column[0] + "'");
            }
        }
        if (!row.passwordSet() && row.ha1() == TrunkRow.Ha1.NONE) {
            return invalid(row, "no password value provided");
        }
        if (row.ha1() == TrunkRow.Ha1.MALFORMED) {
            return invalid(row, "invalid auth_ha1: not 32 hexadecimal characters");
        }
        if (row.authProxy().isEmpty()) {
            // Kamailio 5.6 rejects the row too, though its documentation never says the column is required.
            return invalid(row, "empty value not allowed for column 'auth_proxy'");
        }
        if (!row.authProxy().regionMatches(true, 0, "sip:", 0, 4) && !row.authProxy().regionMatches(true, 0, "sips:", 0, 5)) {
            return invalid(row, "invalid auth_proxy: not a sip URI");
        }
        if (row.expires() < 0 || row.regDelay() < 0) {
            return invalid(row, "negative expires or reg_delay");
        }
        return new TrunkLoad.Valid(new Trunk(row.lUuid(), row.lUsername(), row.lDomain(), row.rUsername(),
                row.rDomain(), row.realm(), row.authUsername(), row.ha1() == TrunkRow.Ha1.SET, row.authProxy(),
                row.expires(), (row.flags() & 1) != 0, row.regDelay(), row.contactAddr(), row.socket()));
    }

    private static TrunkLoad invalid(TrunkRow row, String reason) {
        return new TrunkLoad.Invalid(row, reason);
    }
}
