package dev.locus.node.rpc.binrpc;

/**
 * A packet or record that breaks binrpc's rules. The message is one of Kamailio's own phrases
 * ({@code binrpc_error()}: "corrupted packet", "bad record", ...), which ctl puts in its 400 fault.
 */
public final class BinrpcFormatException extends Exception {

    static final String CORRUPTED = "corrupted packet";
    static final String MORE_DATA = "more data needed";
    static final String TYPE = "record doesn't match type";
    static final String RECORD = "bad record";
    static final String OVERFLOW = "buffer too small (overflow)";

    public BinrpcFormatException(String message) {
        // No stack trace: a client's bad bytes are answered, never debugged.
        super(message, null, false, false);
    }
}
