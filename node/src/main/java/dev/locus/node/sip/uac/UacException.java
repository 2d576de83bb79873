package dev.locus.node.sip.uac;

/** Why a {@link UacRequest} was not sent, in the sender's words; the RPC maps each reason to Kamailio's answer. */
public final class UacException extends Exception {

    public enum Reason {
        EMPTY_METHOD,
        /** Not a SIP token: it could not make a request line. */
        BAD_METHOD,
        /** INVITE, ACK and CANCEL need dialog and transaction handling this sender does not have. */
        UNSUPPORTED_METHOD,
        BAD_REQUEST_URI,
        BAD_NEXT_HOP,
        BAD_SOCKET,
        NO_SUCH_SOCKET,
        BAD_HEADERS,
        NO_TO,
        NO_FROM,
        BAD_FROM,
        BAD_CSEQ,
        CSEQ_METHOD_MISMATCH,
        NO_CONTENT_TYPE,
        CONTENT_LENGTH_WITH_BODY,
        /** No listening point for the transport, an unresolvable host, a failed send. */
        CANNOT_SEND,
        /** {@code tm.max_transactions} requests are waiting for their final reply already. */
        TOO_MANY_TRANSACTIONS
    }

    private final Reason reason;

    public UacException(Reason reason, String detail) {
        // No stack trace: a refusal of a caller's input, answered to the caller.
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
