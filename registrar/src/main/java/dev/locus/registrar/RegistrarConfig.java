package dev.locus.registrar;


import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registrar's settings, checked once at load. A failure names the configuration key.
 *
 * @param domains        served domains, lower-case; empty serves any domain
 * @param useDomain      whether an AOR key includes the domain ({@code alice@example.com}) or is the user only
 *                       ({@code alice}), as Kamailio's {@code use_domain}; it must match every Kamailio peer
 * @param defaultExpires used when a contact gives neither an expires parameter nor an Expires header
 * @param minExpires     a non-zero expiry below it gets 423 Interval Too Brief
 * @param maxExpires     a larger expiry is lowered to it; 0 means no maximum
 * @param maxContacts    contacts an AOR may hold; 0 means no limit
 * @param natTest        which REGISTERs have their source kept as {@code received} (Kamailio's nat_uac_test)
 * @param maxContactsPerRequest contacts one REGISTER may carry; more is refused before any other work, even
 *                       before authentication, so an unauthenticated peer cannot make a request expensive
 */
public record RegistrarConfig(Set<String> domains, boolean useDomain, long defaultExpires, long minExpires,
                              long maxExpires, int maxContacts, NatTest natTest, int maxContactsPerRequest) {

    /** The default of {@code registrar.max_contacts_per_request}: a full AOR's removal and re-registration. */
    public static final int DEFAULT_MAX_CONTACTS_PER_REQUEST = 20;

    public static final RegistrarConfig DEFAULTS = new RegistrarConfig(Set.of(), false, 3600, 60, 0, 0,
            NatTest.KAMAILIO_DEFAULT, DEFAULT_MAX_CONTACTS_PER_REQUEST);

    public RegistrarConfig(Set<String> domains, boolean useDomain, long defaultExpires, long minExpires,
                           long maxExpires, int maxContacts, NatTest natTest) {
        this(domains, useDomain, defaultExpires, minExpires, maxExpires, maxContacts, natTest,
                DEFAULT_MAX_CONTACTS_PER_REQUEST);
    }

    public RegistrarConfig {
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (minExpires < 0) {
            throw new IllegalArgumentException("registrar.min_expires=" + minExpires + " must not be negative");
        }
        if (defaultExpires <= 0) {
            throw new IllegalArgumentException("registrar.default_expires=" + defaultExpires + " must be positive");
        }
        if (maxExpires < 0) {
            throw new IllegalArgumentException("registrar.max_expires=" + maxExpires + " must not be negative (0 = no maximum)");
        }
        if (maxExpires > 0 && maxExpires < minExpires) {
            throw new IllegalArgumentException("registrar.max_expires=" + maxExpires + " is below registrar.min_expires=" + minExpires);
        }
        if (defaultExpires < minExpires) {
            throw new IllegalArgumentException("registrar.default_expires=" + defaultExpires + " is below registrar.min_expires=" + minExpires);
        }
        if (maxExpires > 0 && defaultExpires > maxExpires) {
            throw new IllegalArgumentException("registrar.default_expires=" + defaultExpires + " is above registrar.max_expires=" + maxExpires);
        }
        if (maxContacts < 0) {
            throw new IllegalArgumentException("registrar.max_contacts=" + maxContacts + " must not be negative (0 = no limit)");
        }
        if (maxContactsPerRequest < 1) {
            throw new IllegalArgumentException("registrar.max_contacts_per_request=" + maxContactsPerRequest
                    + " must be at least 1");
        }
    }

    public boolean serves(String domain) {
        return domains.isEmpty() || domains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
