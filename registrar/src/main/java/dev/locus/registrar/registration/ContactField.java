package dev.locus.registrar.registration;

import java.util.Objects;
import java.util.Optional;

/**
 * One Contact of a REGISTER as it arrived: the URI (without angle brackets) and the raw parameters the
 * registrar interprets. Raw strings, so that judging them is the pure rules' job, not the parser's.
 *
 * @param instance the {@code +sip.instance} value without its quotes, or empty
 */
public record ContactField(String uri, Optional<String> expires, Optional<String> q, String instance,
                           Optional<String> regId) {

    public ContactField {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(regId, "regId");
    }

    public static ContactField of(String uri) {
        return new ContactField(uri, Optional.empty(), Optional.empty(), "", Optional.empty());
    }
}
