package dev.locus.registrar;

import java.util.List;
import java.util.Optional;

/**
 * One table, shared by the cluster, with Kamailio's item semantics. Every operation is atomic per item. Operations
 * made through this interface are this node's own: the ones Kamailio replicates are told to the listeners (see
 * {@link HtableChange}); {@link Htables#applyReceived} applies other nodes' changes without that.
 *
 * @throws HtableUnavailableException from any operation when the cluster does not answer in time
 */
public interface Htable {

    HtableSpec spec();

    /** The live item (an expired one is missing, as Kamailio reads it). */
    Optional<HtItem> get(String name);

    /** {@code $sht(t=>k) = v}: a new item lives {@code autoexpire}; an existing one again if {@code updateexpire}. */
    void set(String name, HtValue value);

    /** {@code sht_setxs}/{@code sht_setxi}: set, then expire {@code seconds} from now (0 or less: as a plain set). */
    void setExpiring(String name, HtValue value, int seconds);

    /**
     * {@code $shtex(t=>k) = seconds}: the existing item expires that long from now (0 or less: never). Nothing in a
     * table without {@code autoexpire}.
     */
    void expire(String name, int seconds);

    /** @return whether there was such an item (expired or not, as Kamailio's delete) */
    boolean delete(String name);

    /**
     * {@code $shtinc}/{@code $shtdec}: adds {@code delta} to an integer item. A missing or expired item starts from
     * {@code initval} if the table has one.
     *
     * @return the item after the change; empty when nothing changed (no item and no initval, or a string item)
     */
    Optional<HtItem> add(String name, int delta);

    /** @return how many items were removed */
    int removeMatching(HtableMatch match);

    /** {@code htable.flush}: every item gone; not replicated, as in Kamailio. */
    void flush();

    /** Every live item, in no particular order. */
    List<HtItem> items();

    /**
     * Told of every change of an item in the cluster, whatever its cause or node (the item after it, or empty when
     * it is gone), asynchronously and in order per item. For a node-local view of a table (the protection's ban
     * list).
     *
     * @return stops the watch
     */
    Runnable watch(java.util.function.BiConsumer<String, Optional<HtItem>> watcher);

    /** Loaded items (database, DMQ sync): set with an absolute expiry, no change told. */
    void load(List<HtItem> items);

    /**
     * {@code htable.reload}: afterwards the table holds exactly these items, each loaded as {@link #load} does;
     * the others are gone. No change told, as Kamailio's reload replaces a table's content without replicating.
     * One member at a time replaces a table (cluster-wide lock); items set meanwhile may be lost, as in Kamailio.
     */
    void replace(List<HtItem> items);

    /**
     * A node's start-up load: {@link #replace} with what {@code items} gives, unless a member already loaded this
     * table (at its start or by {@link #replace}) since the cluster formed. A member that joins a running cluster
     * thus keeps what the cluster holds, as a Kamailio node taking a DMQ sync does; the first member of a new
     * cluster loads. {@code items} runs only on the member that loads.
     *
     * @return whether this member loaded the table
     */
    boolean replaceOnce(java.util.function.Supplier<List<HtItem>> items);
}
