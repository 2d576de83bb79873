package dev.locus.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A table's definition, as Kamailio's htable {@code htable} parameter gives it:
 * {@code name=>size=8;autoexpire=300;updateexpire=1;initval=0;dmqreplicate=1;dbtable=htable;cols='key_name,key_value'}.
 *
 * @param slots        Kamailio's slot count (2^size, 8 for size ≤ 1, 2^14 above 31): what dumps and stats show
 * @param autoexpire   seconds an item lives after a set; 0: items never expire (explicit expiries are ignored too)
 * @param updateexpire whether setting an existing item restarts its life
 * @param initval      what an increment starts from when the item is missing; without it, it does nothing
 * @param dbtable      the database table loaded at start and on reload; empty: none
 * @param cols         the columns read from it, key first; empty: Kamailio's default layout
 */
public record HtableSpec(String name, int slots, int autoexpire, boolean updateexpire, OptionalInt initval,
                         String dbtable, List<String> cols, boolean dmqreplicate) {

    public HtableSpec {
        cols = List.copyOf(cols);
    }

    /** @throws IllegalArgumentException naming the offending part */
    public static HtableSpec parse(String definition) {
        String text = definition.trim();
        int arrow = text.indexOf("=>");
        if (arrow < 0) {
            throw new IllegalArgumentException("htable definition '" + text + "' has no name=> part");
        }
        String name = text.substring(0, arrow).trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("htable definition '" + text + "': bad table name '" + name + "'");
        }
        int size = 4;
        int autoexpire = 0;
        boolean updateexpire = true;
        OptionalInt initval = OptionalInt.empty();
        String dbtable = "";
        List<String> cols = List.of();
        boolean dmqreplicate = false;
        for (String param : params(text.substring(arrow + 2), text)) {
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).trim();
            String value = eq < 0 ? "" : unquote(param.substring(eq + 1).trim());
            String where = "htable " + name + ": " + key + "=" + value;
            switch (key) {
                case "size" -> size = number(value, 0, Integer.MAX_VALUE, where);
                case "autoexpire" -> autoexpire = number(value, 0, Integer.MAX_VALUE, where);
                case "updateexpire" -> updateexpire = number(value, 0, Integer.MAX_VALUE, where) != 0;
                case "initval" -> initval = OptionalInt.of(number(value, Integer.MIN_VALUE, Integer.MAX_VALUE, where));
                case "dmqreplicate" -> dmqreplicate = number(value, 0, Integer.MAX_VALUE, where) != 0;
                case "dbtable" -> {
                    if (!value.matches("[A-Za-z0-9_]+")) {
                        throw new IllegalArgumentException(where + " is not a table name");
                    }
                    dbtable = value;
                }
                case "cols" -> {
                    cols = List.of(value.split(",", -1)).stream().map(String::trim).toList();
                    if (cols.size() < 2 || cols.stream().anyMatch(c -> !c.matches("[A-Za-z0-9_]+"))) {
                        throw new IllegalArgumentException(where + ": give at least two column names (key, value), comma-separated");
                    }
                }
                case "dbmode" -> {
                    if (number(value, 0, Integer.MAX_VALUE, where) != 0) {
                        throw new IllegalArgumentException(where + ": writing the table back to the database at "
                                + "shutdown is not supported (the cluster keeps it); use dbmode=0");
                    }
                }
                default -> throw new IllegalArgumentException("htable " + name + ": unknown parameter '" + key
                        + "' (size, autoexpire, updateexpire, initval, dmqreplicate, dbtable, cols, dbmode)");
            }
        }
        if (!cols.isEmpty() && dbtable.isEmpty()) {
            throw new IllegalArgumentException("htable " + name + ": cols without dbtable");
        }
        int slots = size <= 1 ? 8 : size > 31 ? 1 << 14 : 1 << Math.min(size, 30);
        return new HtableSpec(name, slots, autoexpire, updateexpire, initval, dbtable, cols, dmqreplicate);
    }

    /** Several definitions separated by white space (one per line in a file), as several modparams. */
    public static List<HtableSpec> parseAll(String definitions) {
        List<HtableSpec> specs = new ArrayList<>();
        for (String d : definitions.trim().split("\\s+")) {
            if (!d.isEmpty()) {
                HtableSpec spec = parse(d);
                if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                    throw new IllegalArgumentException("htable " + spec.name() + " is defined twice");
                }
                specs.add(spec);
            }
        }
        return specs;
    }

    /** Whether items of this table expire at all (Kamailio ignores every expiry in a table without autoexpire). */
    public boolean expires() {
        return autoexpire > 0;
    }

    private static List<String> params(String text, String whole) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == ';') {
                add(out, current);
            } else {
                current.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("htable definition '" + whole + "': unterminated quote");
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        if (!current.toString().isBlank()) {
            out.add(current.toString().trim());
        }
        current.setLength(0);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)
                ? v.substring(1, v.length() - 1) : v;
    }

    private static int number(String value, long min, long max, String where) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(where + " is out of range");
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " is not a number");
        }
    }
}
