package dev.locus.registrar;

/**
 * The registrar's settings an operator may change while the node runs (Kamailio's {@code cfg.set registrar ...}):
 * the values in effect now, which a REGISTER reads once, whole, so that one request sees one consistent set.
 *
 * @param defaultExpires expiry of a contact that gives none
 * @param minExpires     a non-zero expiry below it gets 423; 0 = no minimum
 * @param maxExpires     a larger expiry is lowered to it; 0 = no maximum
 * @param maxContacts    contacts an AOR may hold; 0 = no limit
 */
public record RuntimeSettings(long defaultExpires, long minExpires, long maxExpires, long maxContacts) {

    public static RuntimeSettings of(RegistrarConfig config) {
        return new RuntimeSettings(config.defaultExpires(), config.minExpires(), config.maxExpires(),
                config.maxContacts());
    }

    public long get(RuntimeSetting setting) {
        switch (setting) {
            case DEFAULT_EXPIRES:
                return defaultExpires;
            case MIN_EXPIRES:
                return minExpires;
            case MAX_EXPIRES:
                return maxExpires;
            case MAX_CONTACTS:
                return maxContacts;
            default:
                throw new IllegalArgumentException("unknown setting " + setting);
        }
    }

    /** A copy with one setting changed. */
    public RuntimeSettings with(RuntimeSetting setting, long value) {
        switch (setting) {
            case DEFAULT_EXPIRES:
                return new RuntimeSettings(value, minExpires, maxExpires, maxContacts);
            case MIN_EXPIRES:
                return new RuntimeSettings(defaultExpires, value, maxExpires, maxContacts);
            case MAX_EXPIRES:
                return new RuntimeSettings(defaultExpires, minExpires, value, maxContacts);
            case MAX_CONTACTS:
                return new RuntimeSettings(defaultExpires, minExpires, maxExpires, value);
            default:
                throw new IllegalArgumentException("unknown setting " + setting);
        }
    }
}
