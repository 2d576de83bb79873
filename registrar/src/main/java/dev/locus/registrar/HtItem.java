package dev.locus.registrar;

/**
 * One item of a table.
 *
 * @param expire when it expires, UNIX seconds; 0 never. Only tables with {@code autoexpire} expire items at all,
 *               as in Kamailio.
 */
public record HtItem(String name, HtValue value, long expire) {

    public HtItem {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(value, "value");
    }

    /** Kamailio's test: an item is gone once its expiry is in the past (equal is still live). */
    public boolean expiredAt(long nowEpochSecond) {
        return expire != 0 && expire < nowEpochSecond;
    }
}
