package dev.locus.registrar;

import java.util.Arrays;
import java.util.Optional;

/**
 * One setting of {@link RuntimeSettings}, named as Kamailio's registrar names its cfg variable, with the range Locus
 * accepts. Kamailio declares these four as plain C ints with no range: it takes a negative value, or wraps one past
 * 2^31-1, and then misbehaves (a negative {@code max_expires} lowers every expiry below zero). Locus takes what its
 * configuration file takes: never negative, {@code default_expires} at least 1, at most 2^31-1.
 */
public enum RuntimeSetting {

    DEFAULT_EXPIRES("default_expires", 1),
    MIN_EXPIRES("min_expires", 0),
    MAX_EXPIRES("max_expires", 0),
    MAX_CONTACTS("max_contacts", 0);

    /** Kamailio's cfg variables are C ints. */
    public static final long MAXIMUM = Integer.MAX_VALUE;

    private final String key;
    private final long minimum;

    RuntimeSetting(String key, long minimum) {
        this.key = key;
        this.minimum = minimum;
    }

    /** The cfg variable's name in Kamailio's {@code registrar} group, and the end of Locus's {@code registrar.*} key. */
    public String key() {
        return key;
    }

    public long minimum() {
        return minimum;
    }

    public boolean accepts(long value) {
        return value >= minimum && value <= MAXIMUM;
    }

    public static Optional<RuntimeSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
