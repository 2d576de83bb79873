package dev.locus.migrations;

/** A migration that could not run; the message says why and what to do. */
public final class MigrationException extends RuntimeException {

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
