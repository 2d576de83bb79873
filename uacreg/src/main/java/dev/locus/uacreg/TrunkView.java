package dev.locus.uacreg;

import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.UacregRow;

/**
 * One row as RPC shows it: the row, what Kamailio's load rules made of it, and its owner's last status.
 *
 * @param status for a valid row nobody registers yet, an {@code unowned} status
 */
public record TrunkView(UacregRow row, TrunkLoad load, TrunkStatus status) {
}
