package dev.locus.registrar;

/** A table's database table could not be read; the message says which and why (never a password). */
public final class HtableLoadException extends RuntimeException {

    public HtableLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
