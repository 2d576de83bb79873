package dev.locus.node.rpc.binrpc;

/** An answer that would not fit in the bytes allowed for it. */
final class BinrpcOverflowException extends Exception {

    BinrpcOverflowException(int maxBytes) {
        super("binrpc body exceeds " + maxBytes + " bytes", null, false, false);
    }
}
