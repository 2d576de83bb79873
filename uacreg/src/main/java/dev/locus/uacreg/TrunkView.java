package dev.locus.uacreg;

/**
 * One row as operators see it: the row and its owner's last status.
 *
 * @param row         its {@code auth_password} and {@code auth_ha1} are filled only when {@code secretsRead}, else
 *                    empty: the cluster does not share them
 * @param status      for a valid row nobody registers yet, an {@code unowned} status; for a row the load rules
 *                    refuse, an {@code invalid} one with the reason
 * @param passwordSet the row has an {@code auth_password}
 * @param ha1Set      the row has an {@code auth_ha1}
 * @param secretsRead the secrets were asked for and this node could read them (from the database, or for a row
 *                    added by {@code uac.reg_add}, on the node that received it)
 */
public record TrunkView(UacregRow row, TrunkStatus status, boolean passwordSet, boolean ha1Set, boolean secretsRead) {
}
