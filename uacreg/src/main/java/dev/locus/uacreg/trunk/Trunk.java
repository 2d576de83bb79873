package dev.locus.uacreg.trunk;

import java.util.Objects;

/**
 * A valid {@code uacreg} row: what one trunk registration needs. Records compare by value, so a reload can tell an
 * unchanged row from a changed one. Credentials never appear in {@link #toString()}.
 *
 * @param realm       empty: no check; else the challenge's realm must equal it
 * @param secret      the HA1 (lower-case hex) when {@code secretIsHa1}, else the clear-text password
 * @param contactAddr empty: the node's default contact address
 * @param socket      empty: the node's default sending socket
 */
public record Trunk(String lUuid, String lUsername, String lDomain, String rUsername, String rDomain, String realm,
                    String authUsername, String secret, boolean secretIsHa1, String authProxy, int expires,
                    boolean disabled, int regDelay, String contactAddr, String socket) {

    public Trunk {
        Objects.requireNonNull(lUuid, "lUuid");
        Objects.requireNonNull(secret, "secret");
    }

    /** Kamailio 5.6: a row with expires 0 is loaded but never registered. */
    public boolean registers() {
        return expires > 0 && !disabled;
    }

    @Override
    public String toString() {
        return "Trunk[" + lUuid + " " + lUsername + "@" + lDomain + " -> " + rUsername + "@" + rDomain + " via "
                + authProxy + ", expires=" + expires + (disabled ? ", disabled" : "") + "]";
    }
}
