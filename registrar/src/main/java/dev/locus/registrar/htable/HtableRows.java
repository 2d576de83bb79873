package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Kamailio 5.6's rules for turning a table's database rows into items ({@code ht_db_load_table}).
 * <p>
 * Default layout, rows ordered by {@code key_name}: {@code key_type} 0 is a plain item, 1 an array element named
 * {@code key_name[i]} (i counting the consecutive rows of that name from 0), followed by an integer item
 * {@code key_name::size}; {@code value_type} 0 is a string, 1 an integer ({@code key_value} parsed as Kamailio's
 * {@code str2sint}: optional sign, digits only, the empty text is 0). {@code expires} is read only when the table
 * has {@code autoexpire} and {@code htable.db_expires} is on: an absolute UNIX time, 0 none (the item then lives
 * {@code autoexpire} from the load), a past one leaves the row out. With {@code cols='k,v1,v2'} the first column
 * is the key and the others are joined with {@code ,} into a string value, a NULL column written {@code *}.
 * <p>
 * Where Kamailio gives up the whole load (a NULL key or value) or guesses (a non-numeric integer is loaded as its
 * numeric prefix, an unknown type as a string or a plain item), the row is left out with the reason, and the rest
 * loads. A row left out takes no array index.
 */
public final class HtableRows {

    static final String ARRAY_SIZE_SUFFIX = "::size";
    static final List<String> DEFAULT_COLUMNS = List.of("key_name", "key_type", "value_type", "key_value", "expires");
    private static final int SHOWN_CHARS = 40;

    private HtableRows() {
    }

    /** The columns to select, key first (the order rows are sorted by). */
    public static List<String> columns(HtableSpec spec, boolean dbExpires) {
        if (!spec.cols().isEmpty()) {
            return spec.cols();
        }
        return readsExpires(spec, dbExpires) ? DEFAULT_COLUMNS : DEFAULT_COLUMNS.subList(0, 4);
    }

    /**
     * @param rows the rows of {@link #columns}, ordered by the first column
     * @param now  UNIX seconds, for leaving out expired rows
     */
    public static HtableLoad read(HtableSpec spec, boolean dbExpires, long now, List<HtableRow> rows) {
        Reader reader = new Reader(spec, readsExpires(spec, dbExpires), now);
        rows.forEach(reader::accept);
        return reader.finish();
    }

    private static boolean readsExpires(HtableSpec spec, boolean dbExpires) {
        return dbExpires && spec.expires();
    }

    /** Kamailio's {@code str2sint}: empty when the text is not a 32-bit integer. */
    static OptionalInt kamailioInt(String text) {
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            i++;
        }
        long value = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            value = value * 10 + (c - '0');
            if (value > (negative ? -(long) Integer.MIN_VALUE : Integer.MAX_VALUE)) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of((int) (negative ? -value : value));
    }

    /** A database value as a log shows it: quoted, cut short, control characters escaped. */
    static String shown(String value) {
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(value.length(), SHOWN_CHARS);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append(value.length() > SHOWN_CHARS ? "'..." : "'").toString();
    }

    /** A row that does not load; the reason goes to the log. */
    private static final class BadRow extends Exception {
        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Reader {
        private final HtableSpec spec;
        private final boolean readsExpires;
        private final long now;
        private final Map<String, HtItem> items = new LinkedHashMap<>();
        private final List<HtableLoad.Skipped> skipped = new ArrayList<>();
        private int expired;
        // Kamailio's array state: the previous row's name and key type, and the next index of its array.
        private String previousName = "";
        private int previousKeyType;
        private int index;

        Reader(HtableSpec spec, boolean readsExpires, long now) {
            this.spec = spec;
            this.readsExpires = readsExpires;
            this.now = now;
        }

        void accept(HtableRow row) {
            String key = row.value(0);
            try {
                if (key == null) {
                    throw new BadRow("its key (" + keyColumn() + ") is NULL");
                }
                if (spec.cols().isEmpty()) {
                    acceptDefault(row, key);
                } else {
                    put(new HtItem(key, HtValue.of(packed(row)), 0));
                }
            } catch (BadRow e) {
                skipped.add(new HtableLoad.Skipped(row.number(), key, e.getMessage()));
            }
        }

        private String keyColumn() {
            return spec.cols().isEmpty() ? DEFAULT_COLUMNS.get(0) : spec.cols().get(0);
        }

        private void acceptDefault(HtableRow row, String key) throws BadRow {
            long expires = readsExpires ? number(row.value(4), "expires") : 0;
            if (expires > 0 && expires < now) {
                expired++;
                return;
            }
            int keyType = type(row.value(1), "key_type", "0 a plain item, 1 an array element");
            int valueType = type(row.value(2), "value_type", "0 a string, 1 an integer");
            String text = row.value(3);
            if (text == null) {
                throw new BadRow("its key_value is NULL");
            }
            HtValue value;
            if (valueType == 1) {
                OptionalInt n = kamailioInt(text);
                if (n.isEmpty()) {
                    throw new BadRow("value_type is 1 (integer) but key_value " + shown(text)
                            + " is not a 32-bit integer");
                }
                value = HtValue.of(n.getAsInt());
            } else {
                value = HtValue.of(text);
            }
            // As ht_db_load_table: the row after an array's last row (another name) adds the array's size.
            if (previousKeyType == 1 && !previousName.isEmpty() && !previousName.equals(key)) {
                addSize();
            }
            previousKeyType = keyType;
            previousName = key;
            String name = keyType == 1 ? key + "[" + index++ + "]" : key;
            put(new HtItem(name, value, expires > 0 ? expires : 0));
        }

        private void addSize() {
            put(new HtItem(previousName + ARRAY_SIZE_SUFFIX, HtValue.of(index), 0));
            previousName = "";
            index = 0;
        }

        private void put(HtItem item) {
            items.remove(item.name());
            items.put(item.name(), item);
        }

        private String packed(HtableRow row) {
            StringBuilder value = new StringBuilder();
            for (int c = 1; c < row.values().size(); c++) {
                String v = row.value(c);
                value.append(v == null ? "*" : v);
                if (c + 1 < row.values().size()) {
                    value.append(',');
                }
            }
            return value.toString();
        }

        /** A NULL number column reads 0, as Kamailio's MySQL driver gives it. */
        private static long number(String text, String column) throws BadRow {
            if (text == null) {
                return 0;
            }
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new BadRow(column + " " + shown(text) + " is not a number");
            }
        }

        private static int type(String text, String column, String known) throws BadRow {
            long type = number(text, column);
            if (type != 0 && type != 1) {
                throw new BadRow("unknown " + column + " " + type + " (" + known + ")");
            }
            return (int) type;
        }

        HtableLoad finish() {
            if (previousKeyType == 1) {
                addSize();
            }
            return new HtableLoad(List.copyOf(items.values()), skipped, expired);
        }
    }
}
