package dev.locus.uacreg;

import java.util.List;
import java.util.Optional;

/**
 * The uacreg table as the cluster holds it: every node answers for every row. Changes go into the cluster, where
 * each row's owner picks them up; the database is read by loads, and for the secrets, which the cluster does not
 * hold.
 *
 * @throws TrunkException when a row is not found or a change is refused
 */
public interface TrunkTable {

    /**
     * Loads the table and applies it as a diff.
     *
     * @throws UacregLoadException when the database cannot be read: nothing changes
     */
    Reload reload();

    /** Reloads one row from the database; a row gone from the table is {@link TrunkException.Reason#NOT_FOUND}. */
    void refresh(String lUuid);

    /**
     * Every row with its status, in table order.
     *
     * @param secrets read the rows' secrets (from the database) to show them
     * @throws UacregLoadException when secrets are asked for and the database cannot be read
     */
    List<TrunkView> dump(boolean secrets);

    /**
     * The first row (lowest id) whose {@code attribute} (l_uuid, l_username, r_username, auth_username) is
     * {@code value}.
     *
     * @throws UacregLoadException when secrets are asked for and the database cannot be read
     */
    TrunkView info(String attribute, String value, boolean secrets);

    void enable(String attribute, String value);

    /** Nothing is sent any more; the binding stays at the carrier until it expires. */
    void disable(String attribute, String value);

    /** Expires 0 from now on: the owner un-registers, and the row stays so until refreshed or reloaded. */
    void unregister(String attribute, String value);

    /** The owner sends a REGISTER now. */
    void register(String attribute, String value);

    /**
     * An in-memory row (gone at the next reload), checked by the same rules as a loaded one. Its secrets stay on
     * this node, which therefore registers it.
     */
    void add(UacregRow row);

    /** Removes a row; its owner un-registers it first. */
    void remove(String lUuid);

    /** Switches every trunk of the cluster on or off; returns whether they were on. */
    boolean setActive(boolean on);

    /** Rows by state, cluster-wide. */
    Counts counts();

    /** {@code sip:l_username@l_domain} of the row whose l_uuid is {@code lUuid}, in any state. */
    Optional<String> localTarget(String lUuid);

    /** What a reload changed. */
    record Reload(int added, int changed, int removed, int unchanged, int invalid) {
    }

    record Counts(int total, int registered, int failed, int disabled, int invalid) {
    }
}
