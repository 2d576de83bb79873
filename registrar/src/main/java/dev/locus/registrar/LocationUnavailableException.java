package dev.locus.registrar;

/** The cluster did not answer a usrloc operation (no member owns the AOR's partition, or it did not respond). */
public final class LocationUnavailableException extends RuntimeException {

    public LocationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
