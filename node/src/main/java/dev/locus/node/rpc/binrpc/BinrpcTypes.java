package dev.locus.node.rpc.binrpc;

/** The numbers of binrpc's wire: packet types and record types ({@code ctl/binrpc.h}, Kamailio 5.6). */
final class BinrpcTypes {

    /** Magic 0xA in the high nibble, version 1 in the low one. */
    static final int MAGIC_VERSION = 0xA1;

    static final int REQUEST = 0;
    static final int REPLY = 1;
    static final int FAULT = 3;

    static final int INT = 0;
    static final int STR = 1;
    static final int DOUBLE = 2;
    static final int STRUCT = 3;
    static final int ARRAY = 4;
    static final int AVP = 5;
    static final int BYTES = 6;

    private BinrpcTypes() {
    }
}
