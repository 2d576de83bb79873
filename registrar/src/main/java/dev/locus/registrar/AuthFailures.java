package dev.locus.registrar;

/**
 * Told of every failed digest attempt (a wrong password, credentials refused outright), for protection against
 * password guessing. Called on the thread that checked the credentials (a SIP thread, or an auth database thread):
 * it must not block.
 */
@FunctionalInterface
public interface AuthFailures {

    /**
     * @param source the address the request came from (as text, Kamailio's {@code $si})
     * @param user   the identity the credentials were for, {@code user@realm}
     */
    void failed(String source, String user);

    AuthFailures NONE = (source, user) -> {
    };
}
