package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregRow;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code uacreg} row as the cluster shares it: every column but the secrets. Of {@code auth_password} and
 * {@code auth_ha1} it keeps only what the load rules and {@code uac.reg_dump}'s masks need (whether each is set,
 * whether the HA1 is well formed): nothing from which a secret could be recovered or guessed offline, because any
 * process that joins the Hazelcast cluster reads this map. The node that registers a row reads the secrets from
 * the database when a carrier challenges it.
 *
 * @param ha1    what {@code auth_ha1} holds
 * @param heldBy empty for a row of the table; for a row added by {@code uac.reg_add}, the Hazelcast member id of
 *               the node that received it: only that node has its secrets, so only that node registers it
 */
public record TrunkRow(long id, String lUuid, String lUsername, String lDomain, String rUsername, String rDomain,
                       String realm, String authUsername, boolean passwordSet, Ha1 ha1, String authProxy,
                       int expires, int flags, int regDelay, String contactAddr, String socket, String heldBy) {

    /** What a row's {@code auth_ha1} holds. */
    public enum Ha1 {
        NONE,
        /** 32 hexadecimal digits. */
        SET,
        /** Anything else: the row is refused, as Kamailio refuses it. */
        MALFORMED
    }

    private static final Pattern HA1 = Pattern.compile("[0-9a-f]{32}");

    public TrunkRow {
        Objects.requireNonNull(lUuid, "lUuid");
        Objects.requireNonNull(lUsername, "lUsername");
        Objects.requireNonNull(lDomain, "lDomain");
        Objects.requireNonNull(rUsername, "rUsername");
        Objects.requireNonNull(rDomain, "rDomain");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(authUsername, "authUsername");
        Objects.requireNonNull(ha1, "ha1");
        Objects.requireNonNull(authProxy, "authProxy");
        Objects.requireNonNull(contactAddr, "contactAddr");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(heldBy, "heldBy");
    }

    /** The row without its secrets; {@code heldBy} as for {@link TrunkRow}. */
    public static TrunkRow of(UacregRow row, String heldBy) {
        return new TrunkRow(row.id(), row.lUuid(), row.lUsername(), row.lDomain(), row.rUsername(), row.rDomain(),
                row.realm(), row.authUsername(), !row.authPassword().isEmpty(), ha1Of(row.authHa1()), row.authProxy(),
                row.expires(), row.flags(), row.regDelay(), row.contactAddr(), row.socket(), heldBy);
    }

    public static Ha1 ha1Of(String ha1) {
        if (ha1.isEmpty()) {
            return Ha1.NONE;
        }
        return HA1.matcher(ha1.toLowerCase(Locale.ROOT)).matches() ? Ha1.SET : Ha1.MALFORMED;
    }

    /** The row as operators see it, with the secrets given (empty ones when they are not shown). */
    public UacregRow toRow(Credentials secrets) {
        return new UacregRow(id, lUuid, lUsername, lDomain, rUsername, rDomain, realm, authUsername,
                secrets.password(), secrets.ha1(), authProxy, expires, flags, regDelay, contactAddr, socket);
    }

    public boolean held() {
        return !heldBy.isEmpty();
    }

    /** The row as uac.reg_enable / reg_disable leave it in memory (the database is not written). */
    public TrunkRow withFlags(int newFlags) {
        return new TrunkRow(id, lUuid, lUsername, lDomain, rUsername, rDomain, realm, authUsername, passwordSet, ha1,
                authProxy, expires, newFlags, regDelay, contactAddr, socket, heldBy);
    }

    /** The row as uac.reg_unregister leaves it in memory. */
    public TrunkRow withExpires(int newExpires) {
        return new TrunkRow(id, lUuid, lUsername, lDomain, rUsername, rDomain, realm, authUsername, passwordSet, ha1,
                authProxy, newExpires, flags, regDelay, contactAddr, socket, heldBy);
    }

    /** What the cluster keys a row by: its l_uuid, or its id when the l_uuid is empty (a row kept in error). */
    public String key() {
        return lUuid.isEmpty() ? "#" + id : lUuid;
    }
}
