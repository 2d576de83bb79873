package dev.locus.node.rpc.binrpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one packet body, as Kamailio's {@code binrpc_read_record} in its lenient mode (the one kamcmd
 * reads replies with): structs may hold named members (an AVP then its value) and anonymous values; arrays are read
 * as structs of anonymous members. Nesting is bounded, so a hostile packet cannot exhaust the stack.
 */
final class BinrpcReader {

    static final int MAX_DEPTH = 32;

    private final byte[] body;
    private int pos;

    private BinrpcReader(byte[] body) {
        this.body = body;
    }

    /** Every top-level record of the body, in order. */
    static List<BinrpcValue> readAll(byte[] body) throws BinrpcFormatException {
        BinrpcReader reader = new BinrpcReader(body);
        List<BinrpcValue> values = new ArrayList<>();
        while (reader.pos < body.length) {
            values.add(reader.value(reader.header(), 0));
        }
        return values;
    }

    /** A record's type and length; {@code end} for a STRUCT/ARRAY end tag. */
    private record Header(int type, int length, boolean end) {
    }

    private Header header() throws BinrpcFormatException {
        int first = next();
        int type = first & 0x0F;
        int size = first >>> 4;
        if (type == BinrpcTypes.DOUBLE || (size & 8) == 0) {
            return new Header(type, size, false);
        }
        int lengthBytes = size & 7;
        if (lengthBytes > 4) {
            throw new BinrpcFormatException(BinrpcFormatException.RECORD);
        }
        long length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = length << 8 | next();
        }
        if (length > body.length) {
            throw new BinrpcFormatException(BinrpcFormatException.MORE_DATA);
        }
        // Only a struct or an array has an end tag: a flag with no length bytes.
        return new Header(type, (int) length, lengthBytes == 0);
    }

    private BinrpcValue value(Header h, int depth) throws BinrpcFormatException {
        switch (h.type()) {
            case BinrpcTypes.INT:
                if (h.end() || h.length() > 4) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                return new BinrpcValue.Int((int) bigEndian(h.length()));
            case BinrpcTypes.STR:
                if (h.length() < 1) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                byte[] text = take(h.length());
                // The length counts the terminating NUL; a string is what comes before it.
                return new BinrpcValue.Str(new String(text, 0, text.length - 1, StandardCharsets.UTF_8));
            case BinrpcTypes.BYTES:
                return new BinrpcValue.Bytes(take(h.length()));
            case BinrpcTypes.DOUBLE:
                if (h.length() > 8) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                return new BinrpcValue.Dbl(bigEndian(h.length()) / 1000.0);
            case BinrpcTypes.STRUCT:
            case BinrpcTypes.ARRAY:
                if (h.end()) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD); // an end with no start
                }
                return struct(h.type(), depth + 1);
            default:
                // An AVP outside a struct, or no type of binrpc's.
                throw new BinrpcFormatException(BinrpcFormatException.TYPE);
        }
    }

    private BinrpcValue.Struct struct(int type, int depth) throws BinrpcFormatException {
        if (depth > MAX_DEPTH) {
            throw new BinrpcFormatException(BinrpcFormatException.RECORD);
        }
        List<BinrpcValue.Member> members = new ArrayList<>();
        while (true) {
            Header h = header();
            if (h.end()) {
                if (h.type() != type) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                return new BinrpcValue.Struct(members);
            }
            if (h.type() == BinrpcTypes.AVP) {
                if (type != BinrpcTypes.STRUCT || h.length() < 1) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                byte[] name = take(h.length());
                Header valueHeader = header();
                if (valueHeader.type() == BinrpcTypes.AVP || valueHeader.end()) {
                    throw new BinrpcFormatException(BinrpcFormatException.RECORD);
                }
                members.add(BinrpcValue.Member.named(new String(name, 0, name.length - 1, StandardCharsets.UTF_8),
                        value(valueHeader, depth)));
            } else {
                members.add(BinrpcValue.Member.anonymous(value(h, depth)));
            }
        }
    }

    private long bigEndian(int length) throws BinrpcFormatException {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = v << 8 | next();
        }
        return v;
    }

    private byte[] take(int length) throws BinrpcFormatException {
        if (length > body.length - pos) {
            throw new BinrpcFormatException(BinrpcFormatException.MORE_DATA);
        }
        byte[] out = new byte[length];
        System.arraycopy(body, pos, out, 0, length);
        pos += length;
        return out;
    }

    private int next() throws BinrpcFormatException {
        if (pos >= body.length) {
            throw new BinrpcFormatException(BinrpcFormatException.MORE_DATA);
        }
        return body[pos++] & 0xFF;
    }
}
