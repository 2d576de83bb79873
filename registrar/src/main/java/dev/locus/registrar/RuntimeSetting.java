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

    DEFAULT_EXPIRES("default_expires", 1,
            "Contains number of second to expire if no expire hf or contact expire present"),
    MIN_EXPIRES("min_expires", 0, "The minimum expires value of a Contact. Value 0 disables the checking. "),
    MAX_EXPIRES("max_expires", 0, "The maximum expires value of a Contact. Value 0 disables the checking. "),
    MAX_CONTACTS("max_contacts", 0, "The maximum number of Contacts for an AOR. Value 0 disables the checking. ");

    /** Kamailio's cfg variables are C ints. */
    public static final long MAXIMUM = Integer.MAX_VALUE;

    private final String key;
    private final long minimum;
    private final String description;

    RuntimeSetting(String key, long minimum, String description) {
        this.key = key;
        this.minimum = minimum;
        this.description = description;
    }

    /** The cfg variable's name in Kamailio's {@code registrar} group, and the end of Locus's {@code registrar.*} key. */
    public String key() {
        return key;
    }

    public long minimum() {
        return minimum;
    }

    /** Kamailio's description of the variable, word for word ({@code cfg.help}). */
    public String description() {
        return description;
    }

    public boolean accepts(long value) {
        return value >= minimum && value <= MAXIMUM;
    }

    public static Optional<RuntimeSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
