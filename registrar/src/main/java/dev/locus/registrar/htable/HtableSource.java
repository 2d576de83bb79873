package dev.locus.registrar.htable;

import dev.locus.registrar.HtableLoadException;
import java.util.List;

/** Where tables with a {@code dbtable} are loaded from. */
public interface HtableSource {

    /**
     * Every row of {@code dbtable}, those columns in that order, ordered by the first (as Kamailio queries it).
     *
     * @throws HtableLoadException when the table cannot be read
     */
    List<HtableRow> rows(String dbtable, List<String> columns);
}
