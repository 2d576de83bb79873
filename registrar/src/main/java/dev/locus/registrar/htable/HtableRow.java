package dev.locus.registrar.htable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a table's database table, as read: the queried columns in order (see {@link HtableRows#columns}),
 * each as its text, null for SQL NULL.
 *
 * @param number the row's position in the ordered result, from 1 (what a skipped row's warning names)
 */
public record HtableRow(int number, List<String> values) {

    public HtableRow {
        // Not List.copyOf: NULL columns are part of the row.
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static HtableRow of(int number, String... values) {
        return new HtableRow(number, java.util.Arrays.asList(values));
    }

    String value(int column) {
        return values.get(column);
    }
}
