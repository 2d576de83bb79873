package dev.locus.registrar.auth;

/** The cluster-wide nonce map could not answer (this node's Hazelcast member gone); says nothing about the user. */
public final class NonceStoreUnavailableException extends RuntimeException {

    public NonceStoreUnavailableException(Throwable cause) {
        super("nonce store unavailable: " + cause, cause);
    }
}
