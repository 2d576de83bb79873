package dev.locus.registrar;

/** The cluster could not carry out a table operation in time (a member frozen, the cluster shutting down). */
public final class HtableUnavailableException extends RuntimeException {

    public HtableUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
