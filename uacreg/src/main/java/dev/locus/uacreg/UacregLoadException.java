package dev.locus.uacreg;

/** The table as a whole could not be loaded (database down, wrong version): the current trunks stay as they are. */
public final class UacregLoadException extends RuntimeException {

    public UacregLoadException(String message) {
        super(message);
    }

    public UacregLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
