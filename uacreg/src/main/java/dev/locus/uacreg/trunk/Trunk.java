package dev.locus.uacreg.trunk;

import java.util.Objects;

/**
 * A valid {@code uacreg} row: what one trunk registration needs, its secrets apart (they are read when a carrier
 * challenges). Records compare by value, so a reload can tell an unchanged row from a changed one.
 *
 * @param realm       empty: no check; else the challenge's realm must equal it
 * @param ha1         the row's secret is an HA1 ({@code auth_ha1}), not a password
 * @param contactAddr empty: the node's default contact address
 * @param socket      empty: the node's default sending socket
 */
public record Trunk(String lUuid, String lUsername, String lDomain, String rUsername, String rDomain, String realm,
                    String authUsername, boolean ha1, String authProxy, int expires,
                    boolean disabled, int regDelay, String contactAddr, String socket) {

    public Trunk {
        Objects.requireNonNull(lUuid, "lUuid");
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
