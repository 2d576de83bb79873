package dev.locus.registrar.auth;

import java.util.Objects;

/** A row of Kamailio's {@code subscriber} table: the credentials of one account. Never logged. */
public record Subscriber(String username, String domain, String password, String ha1, String ha1b) {

    public Subscriber {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ha1, "ha1");
        Objects.requireNonNull(ha1b, "ha1b");
    }

    @Override
    public String toString() {
        return "Subscriber[" + username + "@" + domain + "]";
    }
}
