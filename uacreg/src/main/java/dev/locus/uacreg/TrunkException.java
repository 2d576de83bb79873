package dev.locus.uacreg;

/** A trunk operation refused, for a reason the caller can act on. */
public final class TrunkException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Reason {
        /** No row has the l_uuid (or the filter's value), or the database no longer holds it. */
        NOT_FOUND,
        /** A row with that l_uuid exists already. */
        DUPLICATE_UUID,
        /** The filter's attribute or value is empty. */
        EMPTY_FILTER,
        /** Rows are found by l_uuid, l_username, r_username or auth_username only. */
        UNSUPPORTED_FILTER,
        /** The row breaks the load rules; the message says which. */
        INVALID_ROW
    }

    private final Reason reason;

    public TrunkException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
