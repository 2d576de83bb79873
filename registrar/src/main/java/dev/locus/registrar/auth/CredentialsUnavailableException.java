package dev.locus.registrar.auth;

/** The credential store could not answer (database down); says nothing about the user. */
public final class CredentialsUnavailableException extends RuntimeException {

    public CredentialsUnavailableException(String message) {
        super(message);
    }

    public CredentialsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
