package dev.locus.uacreg;

/** A trunk operation refused, with Kamailio 5.6's code and message for it (404 Record not found, ...). */
public final class UacregException extends RuntimeException {

    private final int code;

    public UacregException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
