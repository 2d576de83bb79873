package dev.locus.uacreg.trunk;

import java.util.Locale;
import java.util.Objects;

/**
 * A trunk's secrets, as the uacreg table (or {@code uac.reg_add}) gives them: read by the node that needs them,
 * never written to a cluster map. Never shown by {@link #toString()}.
 *
 * @param password the clear-text password, empty when none
 * @param ha1      the MD5 HA1 as given, empty when none; it wins over the password
 */
public record Credentials(String password, String ha1) {

    public Credentials {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ha1, "ha1");
    }

    public boolean isHa1() {
        return !ha1.isEmpty();
    }

    /** The HA1 (lower-cased, as Kamailio loads it) when there is one, else the password. */
    public String secret() {
        return isHa1() ? ha1.toLowerCase(Locale.ROOT) : password;
    }

    @Override
    public String toString() {
        return "Credentials[password=" + (password.isEmpty() ? "" : "****") + ", ha1=" + (ha1.isEmpty() ? "" : "****")
                + "]";
    }
}
