package dev.locus.uacreg;

import java.util.Objects;

/**
 * One row of Kamailio 5.6's {@code uacreg} table (table version 5), as stored, or as {@code uac.reg_add} gives it.
 * Credentials never appear in {@link #toString()}, and the row never goes into a cluster map whole: the cluster
 * shares it without {@code auth_password} and {@code auth_ha1}.
 */
public record UacregRow(long id, String lUuid, String lUsername, String lDomain, String rUsername, String rDomain,
                        String realm, String authUsername, String authPassword, String authHa1, String authProxy,
                        int expires, int flags, int regDelay, String contactAddr, String socket) {

    public UacregRow {
        Objects.requireNonNull(lUuid, "lUuid");
        Objects.requireNonNull(lUsername, "lUsername");
        Objects.requireNonNull(lDomain, "lDomain");
        Objects.requireNonNull(rUsername, "rUsername");
        Objects.requireNonNull(rDomain, "rDomain");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(authUsername, "authUsername");
        Objects.requireNonNull(authPassword, "authPassword");
        Objects.requireNonNull(authHa1, "authHa1");
        Objects.requireNonNull(authProxy, "authProxy");
        Objects.requireNonNull(contactAddr, "contactAddr");
        Objects.requireNonNull(socket, "socket");
    }

    /** The row as uac.reg_enable / reg_disable leave it in memory (the database is not written). */
    public UacregRow withFlags(int newFlags) {
        return new UacregRow(id, lUuid, lUsername, lDomain, rUsername, rDomain, realm, authUsername, authPassword,
                authHa1, authProxy, expires, newFlags, regDelay, contactAddr, socket);
    }

    /** The row as uac.reg_unregister leaves it in memory. */
    public UacregRow withExpires(int newExpires) {
        return new UacregRow(id, lUuid, lUsername, lDomain, rUsername, rDomain, realm, authUsername, authPassword,
                authHa1, authProxy, newExpires, flags, regDelay, contactAddr, socket);
    }

    /** What the cluster keys a row by: its l_uuid, or its id when the l_uuid is empty (a row kept in error). */
    public String key() {
        return lUuid.isEmpty() ? "#" + id : lUuid;
    }

    @Override
    public String toString() {
        return "UacregRow[id=" + id + ", l_uuid=" + lUuid + ", l_username=" + lUsername + ", l_domain=" + lDomain
                + ", r_username=" + rUsername + ", r_domain=" + rDomain + ", realm=" + realm + ", auth_username="
                + authUsername + ", auth_password=" + (authPassword.isEmpty() ? "" : "****") + ", auth_ha1="
                + (authHa1.isEmpty() ? "" : "****") + ", auth_proxy=" + authProxy + ", expires=" + expires
                + ", flags=" + flags + ", reg_delay=" + regDelay + ", contact_addr=" + contactAddr + ", socket="
                + socket + "]";
    }
}
