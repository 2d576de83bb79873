package dev.locus.uacreg;

/**
 * One row as operators see it: the row and its owner's last status.
 *
 * @param status for a valid row nobody registers yet, an {@code unowned} status; for a row the load rules refuse,
 *               an {@code invalid} one with the reason
 */
public record TrunkView(UacregRow row, TrunkStatus status) {
}
