package dev.locus.registrar;

import java.util.List;
import java.util.Optional;

/** The node's tables, as configured (every node of a cluster must define them alike, as Kamailio's nodes must). */
public interface Htables {

    /** In configuration order. */
    List<HtableSpec> specs();

    Optional<Htable> table(String name);

    /** Told of this node's own replicable changes, on the thread that made them. */
    void addListener(HtableListener listener);

    /**
     * Applies a change another node made (DMQ): as Kamailio's receiver, through the same item functions, telling no
     * listener (nothing is sent on).
     *
     * @return false when the table is unknown here
     */
    boolean applyReceived(HtableChange change);

    /**
     * Applies a cell of a sync answer: {@code expire} is absolute (UNIX seconds, 0 none); one already past, or 0,
     * sets the item as a plain set does (the table's own autoexpire).
     *
     * @return false when the table is unknown here
     */
    boolean applySynced(String table, String name, HtValue value, long expire);

    /**
     * Applies the cells of a sync answer that are for one table, all at once (a DMQ worker must answer within the
     * sender's 500 ms retransmission interval).
     *
     * @return false when the table is unknown here
     */
    default boolean applySynced(String table, List<HtItem> items) {
        for (HtItem item : items) {
            if (!applySynced(table, item.name(), item.value(), item.expire())) {
                return false;
            }
        }
        return true;
    }
}
