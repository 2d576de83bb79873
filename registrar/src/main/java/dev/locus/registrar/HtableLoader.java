package dev.locus.registrar;

/** Loads the tables that have a {@code dbtable} from the database (Kamailio's htable database loading). */
public interface HtableLoader {

    /**
     * At node start, every database table that the cluster has not loaded yet. A table that cannot be read is
     * logged and left as it is: {@code htable.reload} or the next member's start loads it.
     */
    void loadAtStart();

    /**
     * {@code htable.reload}: the table's content becomes its database table's, items not there are gone.
     *
     * @throws IllegalArgumentException   when the table has no {@code dbtable}
     * @throws HtableLoadException        when the database cannot be read (the table is left as it was)
     * @throws HtableUnavailableException when the cluster does not answer
     */
    void reload(Htable table);
}
