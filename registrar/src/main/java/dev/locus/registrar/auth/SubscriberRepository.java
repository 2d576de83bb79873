package dev.locus.registrar.auth;

import java.util.Optional;

/** Where credentials come from. Implementations may block (JDBC): call them off the SIP threads. */
public interface SubscriberRepository {

    /** @throws CredentialsUnavailableException when the store cannot be asked (not when the user is unknown) */
    Optional<Subscriber> find(String username, String domain);
}
